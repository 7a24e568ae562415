package io.echotune.ingestion.shared.kafka;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The Kubernetes overlays give the services SASL/TLS settings as {@code KAFKA_*} environment variables; the
 * ingestion service's own producer and consumers must connect with them like every other Kafka client of the fleet.
 * (The security protocol stays PLAINTEXT here, so the test still talks to the local broker.)
 */
@QuarkusTest
@TestProfile(KafkaConnectionSecurityTest.WithSaslSettings.class)
class KafkaConnectionSecurityTest {

    public static class WithSaslSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.sasl.mechanism", "SCRAM-SHA-512",
                    "kafka.ssl.truststore.type", "PEM",
                    "kafka.security.protocol", "PLAINTEXT");
        }
    }

    @Inject
    KafkaClients clients;

    @Test
    void theFleetsKafkaSecuritySettingsReachTheHandMadeClients() {
        Map<String, Object> security = clients.connectionSecurity();
        assertEquals("SCRAM-SHA-512", security.get("sasl.mechanism"));
        assertEquals("PEM", security.get("ssl.truststore.type"));
        assertEquals("PLAINTEXT", security.get("security.protocol"));
        assertFalse(security.containsKey("bootstrap.servers"), "only connection security is taken over");
    }
}

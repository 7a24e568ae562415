package io.echotune.ingestion.shared.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The plain Kafka client rather than SmallRye Reactive Messaging: the import worker is a blocking thread that
 * must send thousands of batches with broker back-pressure, know that every one was acknowledged before it sends
 * the seal, and fail the import otherwise; the history writer must commit an offset only after its MongoDB bulk
 * write, seek back on failure, and be stopped and restarted on demand (tests simulate a crash that way). The
 * plain producer/consumer expose exactly those controls.
 */
@ApplicationScoped
public class KafkaClients {

    /** Prefixes of the client settings that secure the connection (TLS, SASL), taken from the fleet's Kafka config. */
    private static final Set<String> CONNECTION_SECURITY_PREFIXES = Set.of("security.", "sasl.", "ssl.");

    private final String bootstrap;
    private final Map<String, Object> connectionSecurity;

    /**
     * @param brokerDefaults every {@code kafka.*} setting of the service (environment included, e.g.
     *                       {@code KAFKA_SASL_JAAS_CONFIG}), as Quarkus collects them for its own Kafka clients; the
     *                       security ones are applied here too, so these hand-made clients connect to a SASL/TLS
     *                       listener exactly as the health check and the SmallRye channels of other services do.
     */
    public KafkaClients(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                        @Identifier("default-kafka-broker") Map<String, Object> brokerDefaults) {
        this.bootstrap = bootstrap;
        Map<String, Object> security = new HashMap<>();
        brokerDefaults.forEach((key, value) -> {
            if (CONNECTION_SECURITY_PREFIXES.stream().anyMatch(key::startsWith)) {
                security.put(key, value);
            }
        });
        this.connectionSecurity = Map.copyOf(security);
    }

    /** One shared, thread-safe producer: idempotent, acks from all in-sync replicas, per-partition order kept. */
    @Produces
    @ApplicationScoped
    KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = new HashMap<>(connectionSecurity);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ingestion-producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    void close(@Disposes KafkaProducer<String, byte[]> producer) {
        producer.close(Duration.ofSeconds(10));
    }

    /** The TLS/SASL settings every client of this service connects with (empty on a plaintext broker). */
    Map<String, Object> connectionSecurity() {
        return connectionSecurity;
    }

    /** A new consumer of the given group that commits only what it was told to. */
    public KafkaConsumer<String, byte[]> consumer(String group, String clientId) {
        return consumer(group, clientId, 20);
    }

    /** As {@link #consumer(String, String)}, with at most {@code maxPollRecords} messages per poll. */
    public KafkaConsumer<String, byte[]> consumer(String group, String clientId, int maxPollRecords) {
        Map<String, Object> props = new HashMap<>(connectionSecurity);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a group's first start must not miss records sent while it was joining
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // an instance that dies without leaving the group holds its partitions this long (default 45 s)
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}

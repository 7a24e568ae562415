package io.echotune.gateway.service;

import io.echotune.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Backend services' own credentials ({@code Authorization: Service <key>}), for the endpoints that act for a user
 * without a live request (today: exchanging a delegation). Each configured key (GatewayConfig#serviceKeys, at least
 * 32 characters, from the environment only) is held as its SHA-256; a presented value is hashed and compared with
 * {@link MessageDigest#isEqual} against every key, so neither the length nor the first differing byte leaks through
 * timing. Keys are never logged.
 */
@ApplicationScoped
public class ServiceCredentials {

    /** Shorter keys are ignored: a service credential must not be guessable. */
    static final int MIN_LENGTH = 32;
    private static final String SCHEME = "Service ";
    private static final Logger LOG = Logger.getLogger(ServiceCredentials.class);

    private final Map<String, byte[]> hashes = new LinkedHashMap<>();

    public ServiceCredentials(GatewayConfig config) {
        add("playlist", config.serviceKeys().playlist());
    }

    private void add(String service, Optional<String> key) {
        Optional<String> configured = key.map(String::strip).filter(k -> !k.isEmpty());
        if (configured.isPresent() && configured.get().length() < MIN_LENGTH) {
            LOG.warnf("The service key of %s is shorter than %d characters: it is ignored", service, MIN_LENGTH);
            return;
        }
        configured.ifPresent(k -> hashes.put(service, sha256(k)));
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("Service keys configured for: %s", hashes.isEmpty() ? "none" : String.join(", ", hashes.keySet()));
    }

    /** The service whose key an {@code Authorization} header presents; empty for anything else. */
    public Optional<String> serviceOf(String authorization) {
        if (authorization == null || !authorization.startsWith(SCHEME)) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorization.substring(SCHEME.length()).strip());
        String match = null;
        for (Map.Entry<String, byte[]> e : hashes.entrySet()) {
            if (MessageDigest.isEqual(e.getValue(), presented)) { // compare with all: no early exit
                match = e.getKey();
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

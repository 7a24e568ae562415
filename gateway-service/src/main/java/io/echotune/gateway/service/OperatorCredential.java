package io.echotune.gateway.service;

import io.echotune.gateway.Caller;
import io.echotune.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The operator credential: {@code Authorization: Bearer <ECHOTUNE_ADMIN_TOKEN>} makes the caller the fixed operator
 * identity with the {@code admin} scope. Unset (or too short to be a secret) means no admin access at all. The
 * presented value is compared by its SHA-256 with {@link MessageDigest#isEqual} (constant time, whatever its
 * length), and neither value is ever logged.
 */
@ApplicationScoped
public class OperatorCredential {

    /** Shorter values are refused: an admin secret must not be guessable. */
    static final int MIN_LENGTH = 32;
    private static final Logger LOG = Logger.getLogger(OperatorCredential.class);

    private final byte[] expectedHash;

    public OperatorCredential(GatewayConfig config) {
        Optional<String> configured = config.adminToken().map(String::strip).filter(t -> !t.isEmpty());
        if (configured.isPresent() && configured.get().length() < MIN_LENGTH) {
            LOG.warnf("ECHOTUNE_ADMIN_TOKEN is shorter than %d characters: admin access stays off", MIN_LENGTH);
            configured = Optional.empty();
        }
        this.expectedHash = configured.map(OperatorCredential::sha256).orElse(null);
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("Operator (admin) access is %s", enabled() ? "on (ECHOTUNE_ADMIN_TOKEN is set)" : "off");
    }

    public boolean enabled() {
        return expectedHash != null;
    }

    /** The operator, when the presented bearer value is the operator credential. */
    public Optional<Caller> match(String presented) {
        if (expectedHash == null || presented == null) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(expectedHash, sha256(presented)) ? Optional.of(Caller.operator()) : Optional.empty();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

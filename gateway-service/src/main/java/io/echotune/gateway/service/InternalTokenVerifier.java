package io.echotune.gateway.service;

import io.echotune.commons.identity.InternalToken;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an internal token a service sends back to the gateway (its internal endpoints): signed with the gateway's
 * own key pair (verified with the public key every service holds), from our issuer, for our audience, unexpired.
 * Internal tokens are only ever handed to services, so holding a valid one proves the call comes from inside.
 */
@ApplicationScoped
public class InternalTokenVerifier {

    private final String publicKeyLocation;
    private volatile JwtConsumer consumer;

    public InternalTokenVerifier(@ConfigProperty(name = "mp.jwt.verify.publickey.location", defaultValue = "")
                                 String publicKeyLocation) {
        this.publicKeyLocation = publicKeyLocation;
    }

    /** What a valid internal token says: whose it is and the scopes of the credential behind it. */
    public record Verified(String userId, Set<String> scopes) {
    }

    /** The user id ({@code sub}) of a valid internal token; empty for anything else. */
    public Optional<String> userIdOf(String rawToken) {
        return verify(rawToken).map(Verified::userId);
    }

    /** The subject and scopes of a valid internal token; empty for anything else. */
    public Optional<Verified> verify(String rawToken) {
        if (rawToken == null || rawToken.isBlank() || publicKeyLocation.isBlank()) {
            return Optional.empty();
        }
        try {
            JwtClaims claims = consumer().processToClaims(rawToken);
            String scopes = claims.getClaimValue(InternalToken.SCOPES_CLAIM) instanceof String s ? s : "";
            return Optional.ofNullable(claims.getSubject()).map(sub -> new Verified(sub,
                    Set.copyOf(Arrays.stream(scopes.split(" ")).filter(x -> !x.isBlank()).toList())));
        } catch (InvalidJwtException | org.jose4j.jwt.MalformedClaimException e) {
            return Optional.empty();
        }
    }

    private JwtConsumer consumer() {
        if (consumer == null) {
            consumer = IdentityJwtConsumer.forAudience(publicKeyLocation, InternalToken.AUDIENCE);
        }
        return consumer;
    }
}

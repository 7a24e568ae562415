package io.echotune.commons.testing;

import io.echotune.commons.identity.InternalToken;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Map;
import java.util.Set;

/**
 * Signs internal tokens exactly as the gateway does, with the key pair the local test stack generated
 * (`make test` exports ECHOTUNE_IDENTITY_PRIVATE_KEY_FILE). Used by @QuarkusTest classes that call a
 * service directly, without the gateway in front.
 */
public final class InternalTokens {

    private static PrivateKey privateKey;

    private InternalTokens() {
    }

    public static String forUser(String userId) {
        return forUser(userId, Set.of());
    }

    public static String forUser(String userId, Set<String> scopes) {
        return forUser(userId, scopes, Map.of());
    }

    /** A token carrying the user's preferences, as the gateway adds them. */
    public static String forUser(String userId, Set<String> scopes, Map<String, Object> preferences) {
        return Jwt.issuer(InternalToken.ISSUER)
                .subject(userId)
                .upn(userId)
                .audience(InternalToken.AUDIENCE)
                .claim(InternalToken.SCOPES_CLAIM, String.join(" ", scopes))
                .claim(InternalToken.PREFERENCES_CLAIM, preferences)
                .expiresIn(60)
                .sign(privateKey());
    }

    /** A header value for rest-assured: {@code given().header("Authorization", bearer(user))}. */
    public static String bearer(String userId) {
        return "Bearer " + forUser(userId);
    }

    private static synchronized PrivateKey privateKey() {
        if (privateKey == null) {
            String file = System.getenv("ECHOTUNE_IDENTITY_PRIVATE_KEY_FILE");
            if (file == null || file.isBlank()) {
                throw new IllegalStateException("ECHOTUNE_IDENTITY_PRIVATE_KEY_FILE is not set: run tests with `make test`,"
                        + " or `make infra-up` and `source .data/env` first");
            }
            try {
                privateKey = KeyUtils.decodePrivateKey(Files.readString(Path.of(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot read the identity private key " + file, e);
            }
        }
        return privateKey;
    }
}

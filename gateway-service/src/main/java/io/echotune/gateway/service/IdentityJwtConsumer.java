package io.echotune.gateway.service;

import io.echotune.commons.identity.InternalToken;
import io.smallrye.jwt.util.KeyUtils;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * Reads JWTs the gateway signed with its identity key (RS256, our issuer, a subject and an expiry) for one audience:
 * internal tokens and delegations differ only in that, so neither can stand in for the other.
 */
final class IdentityJwtConsumer {

    private IdentityJwtConsumer() {
    }

    static JwtConsumer forAudience(String publicKeyLocation, String audience) {
        try {
            return new JwtConsumerBuilder()
                    .setVerificationKey(KeyUtils.decodePublicKey(Files.readString(Path.of(publicKeyLocation))))
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setExpectedIssuer(InternalToken.ISSUER)
                    .setExpectedAudience(audience)
                    .setRequireExpirationTime()
                    .setRequireSubject()
                    .setAllowedClockSkewInSeconds(5)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the identity public key " + publicKeyLocation, e);
        }
    }
}

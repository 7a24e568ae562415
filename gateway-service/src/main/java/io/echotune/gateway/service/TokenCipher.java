package io.echotune.gateway.service;

import io.echotune.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Encrypts third-party tokens (Spotify's) before they reach the database: AES-256-GCM with a random 96-bit
 * nonce per value, stored as {@code version(1) | nonce(12) | ciphertext+tag}. The version byte leaves room to
 * rotate keys.
 */
@ApplicationScoped
public class TokenCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<SecretKeySpec> key;

    public TokenCipher(GatewayConfig config) {
        this.key = config.tokenEncryptionKey().filter(k -> !k.isBlank()).map(TokenCipher::decodeKey);
    }

    public boolean isConfigured() {
        return key.isPresent();
    }

    public byte[] encrypt(String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a token", e);
        }
    }

    public String decrypt(byte[] stored) {
        if (stored.length <= 1 + NONCE_BYTES || stored[0] != VERSION) {
            throw new IllegalArgumentException("Not a token sealed by this cipher");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
            byte[] plain = cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot decrypt a token (wrong key or tampered value)", e);
        }
    }

    private SecretKeySpec requireKey() {
        return key.orElseThrow(() -> new IllegalStateException("ECHOTUNE_TOKEN_ENCRYPTION_KEY is not set"));
    }

    private static SecretKeySpec decodeKey(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64.strip());
        if (bytes.length != 32) {
            throw new IllegalArgumentException("ECHOTUNE_TOKEN_ENCRYPTION_KEY must be 32 bytes, base64-encoded; it is "
                    + bytes.length + " bytes");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}

package io.echotune.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random bearer secrets (access tokens, session ids) and the hashes under which they are stored. */
public final class Secrets {

    /** Prefix of personal access tokens, so that leaked ones are easy to recognise and scan for. */
    public static final String ACCESS_TOKEN_PREFIX = "et_";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 32 random bytes in unpadded base64url. */
    private static final java.util.regex.Pattern ACCESS_TOKEN = java.util.regex.Pattern.compile("et_[A-Za-z0-9_-]{43}");

    private Secrets() {
    }

    public static String newAccessToken() {
        return ACCESS_TOKEN_PREFIX + random256Bits();
    }

    /** Whether {@code token} has the shape of one we issue; any other bearer value is refused without a look-up. */
    public static boolean looksLikeAccessToken(String token) {
        return token != null && ACCESS_TOKEN.matcher(token).matches();
    }

    /** Prefix of partner client secrets ({@code POST /api/v1/admin/partners}). */
    public static final String PARTNER_SECRET_PREFIX = "etcs_";
    /** Prefix of partner access tokens ({@code POST /oauth/token}): the gateway tells them from personal ones by it. */
    public static final String PARTNER_TOKEN_PREFIX = "etp_";
    private static final java.util.regex.Pattern PARTNER_TOKEN = java.util.regex.Pattern.compile("etp_[A-Za-z0-9_-]{43}");

    public static String newPartnerClientSecret() {
        return PARTNER_SECRET_PREFIX + random256Bits();
    }

    public static String newPartnerAccessToken() {
        return PARTNER_TOKEN_PREFIX + random256Bits();
    }

    /** Whether {@code token} has the shape of a partner access token we issue. */
    public static boolean looksLikePartnerToken(String token) {
        return token != null && PARTNER_TOKEN.matcher(token).matches();
    }

    /** Whether {@code token} claims to be a partner access token (by its prefix), well-formed or not. */
    public static boolean isPartnerTokenPrefixed(String token) {
        return token != null && token.startsWith(PARTNER_TOKEN_PREFIX);
    }

    public static String newSessionId() {
        return random256Bits();
    }

    public static String sha256Hex(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String random256Bits() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

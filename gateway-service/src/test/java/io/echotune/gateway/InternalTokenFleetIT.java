package io.echotune.gateway;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every service port, called directly as an attacker inside the network would: only an internal token the gateway
 * signed, for the services' audience, from the gateway's issuer and not expired, is accepted. Forged signatures,
 * expired tokens, another audience or issuer, unsigned tokens and the RS256/HS256 confusion are each refused with
 * 401 on every service. Runs against the fleet `make test` starts (-Dfleet.url), signing with the stack's key
 * (ECHOTUNE_IDENTITY_PRIVATE_KEY_FILE, as the gateway does).
 */
class InternalTokenFleetIT {

    private static final String ISSUER = "echotune-gateway";
    private static final String AUDIENCE = "echotune-services";
    /** A protected endpoint of each service and the port offset from the gateway's (the local stack's layout). */
    private record Endpoint(String service, int offset, String method, String path, String body) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("chat", 1, "GET", "/api/v1/chat/sessions", null),
            new Endpoint("llm-router", 2, "GET", "/api/v1/llm/providers", null),
            new Endpoint("recommender", 3, "POST", "/api/v1/recommendations/feedback", "{\"trackId\":\"4uLU6hMCjMI75M1A2tKUQC\",\"signal\":\"like\"}"),
            new Endpoint("playlist", 4, "GET", "/api/v1/playlists", null),
            new Endpoint("ingestion", 5, "GET", "/api/v1/imports", null),
            new Endpoint("insights", 6, "GET", "/api/v1/insights/summary", null));

    private static URI gateway;
    private static PrivateKey gatewayKey;
    private static PrivateKey strangerKey;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void keys() throws Exception {
        String url = System.getProperty("fleet.url");
        assertTrue(url != null && !url.isBlank(), "run with -Dfleet.url=http://localhost:18080 (make test does)");
        gateway = URI.create(url);
        String file = System.getenv("ECHOTUNE_IDENTITY_PRIVATE_KEY_FILE");
        assertTrue(file != null && !file.isBlank(), "ECHOTUNE_IDENTITY_PRIVATE_KEY_FILE (make test exports it)");
        String pem = Files.readString(Path.of(file)).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        gatewayKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        strangerKey = generator.generateKeyPair().getPrivate();
    }

    static Stream<Arguments> badTokens() throws Exception {
        keys();
        Instant now = Instant.now();
        String user = UUID.randomUUID().toString();
        String publicPem = Files.readString(Path.of(System.getenv("ECHOTUNE_IDENTITY_PUBLIC_KEY_FILE")));
        return ENDPOINTS.stream().flatMap(endpoint -> Stream.of(
                Arguments.of(endpoint, "forged signature", rs256(strangerKey, claims(ISSUER, AUDIENCE, user, now, now.plusSeconds(60)))),
                Arguments.of(endpoint, "expired", rs256(gatewayKey, claims(ISSUER, AUDIENCE, user, now.minusSeconds(600), now.minusSeconds(300)))),
                Arguments.of(endpoint, "wrong audience", rs256(gatewayKey, claims(ISSUER, "someone-else", user, now, now.plusSeconds(60)))),
                Arguments.of(endpoint, "wrong issuer", rs256(gatewayKey, claims("mallory", AUDIENCE, user, now, now.plusSeconds(60)))),
                Arguments.of(endpoint, "unsigned (alg none)", unsigned(claims(ISSUER, AUDIENCE, user, now, now.plusSeconds(60)))),
                Arguments.of(endpoint, "HS256 keyed with the public key", hs256(publicPem, claims(ISSUER, AUDIENCE, user, now, now.plusSeconds(60)))),
                Arguments.of(endpoint, "tampered subject", tamperedSubject(rs256(gatewayKey, claims(ISSUER, AUDIENCE, user, now, now.plusSeconds(60)))))));
    }

    static Stream<Endpoint> endpoints() {
        return ENDPOINTS.stream();
    }

    @ParameterizedTest(name = "{0} refuses a token that is {1}")
    @MethodSource("badTokens")
    void everyServiceRefusesTokensTheGatewayDidNotIssue(Endpoint endpoint, String what, String token) throws Exception {
        assertEquals(401, call(endpoint, token).statusCode(), endpoint.service() + " with a token that is " + what);
    }

    @ParameterizedTest(name = "{0} accepts the gateway's token")
    @MethodSource("endpoints")
    void everyServiceAcceptsAGenuineToken(Endpoint endpoint) throws Exception {
        Instant now = Instant.now();
        HttpResponse<String> answer = call(endpoint, rs256(gatewayKey, claims(ISSUER, AUDIENCE, UUID.randomUUID().toString(), now, now.plusSeconds(60))));
        assertNotEquals(401, answer.statusCode(), endpoint.service() + ": " + answer.body());
        assertTrue(answer.statusCode() < 500, endpoint.service() + ": " + answer.body());
    }

    private static HttpResponse<String> call(Endpoint endpoint, String token) throws Exception {
        URI uri = URI.create(gateway.getScheme() + "://" + gateway.getHost() + ":" + (gateway.getPort() + endpoint.offset()) + endpoint.path());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token);
        request = endpoint.body() == null ? request.GET()
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(endpoint.body()));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String claims(String issuer, String audience, String subject, Instant issuedAt, Instant expiresAt) {
        return "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject
                + "\",\"scope\":\"read write\",\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":" + expiresAt.getEpochSecond()
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
    }

    private static String rs256(PrivateKey key, String claims) {
        try {
            String signingInput = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64(claims);
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hs256(String secret, String claims) {
        try {
            String signingInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claims);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(String claims) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims) + ".";
    }

    /** A genuine token whose payload is swapped for another user's after signing. */
    private static String tamperedSubject(String token) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceAll("\"sub\":\"[^\"]+\"", "\"sub\":\"" + UUID.randomUUID() + "\"");
        return parts[0] + "." + b64(claims) + "." + parts[2];
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}

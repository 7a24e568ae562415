package io.echotune.gateway;

import io.echotune.commons.identity.InternalToken;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.forUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delegations for background work: issued for the user of a live request (an internal token with write), exchanged
 * by the one service its purpose belongs to, with that service's key, for a short-lived internal token.
 */
@QuarkusTest
class DelegationTest {

    private static final String ISSUE = "/internal/v1/delegations";
    private static final String EXCHANGE = "/internal/v1/delegations/exchange";
    private static final String SPOTIFY_TOKEN = "/internal/v1/spotify/access-token";
    private static final String PURPOSE = "playlist-refresh";

    @ConfigProperty(name = "echotune.gateway.service-keys.playlist")
    String playlistKey;

    private static String writeToken(String userId) {
        return forUser(userId, Set.of("read", "write"));
    }

    private static ValidatableResponse issue(String internalToken, String purpose, String resource) {
        return given().header("Authorization", "Bearer " + internalToken).contentType(ContentType.JSON)
                .body(Map.of("purpose", purpose, "resource", resource)).when().post(ISSUE).then();
    }

    private static String createDefaultDelegation(String userId) {
        return issue(writeToken(userId), PURPOSE, UUID.randomUUID().toString()).statusCode(200)
                .extract().path("delegation");
    }

    private ValidatableResponse exchange(String authorization, String delegation) {
        var request = given().contentType(ContentType.JSON).body(Map.of("delegation", delegation));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.when().post(EXCHANGE).then();
    }

    private ValidatableResponse exchange(String delegation) {
        return exchange("Service " + playlistKey, delegation);
    }

    private static Map<String, Object> claims(String jwt) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8)).getMap("");
    }

    private static PrivateKey identityKey() throws Exception {
        return KeyUtils.decodePrivateKey(Files.readString(Path.of(System.getenv("ECHOTUNE_IDENTITY_PRIVATE_KEY_FILE"))));
    }

    /** A delegation as the gateway would sign it, with the given audience, expiry and key. */
    private static String signed(String userId, String audience, Instant expiresAt, PrivateKey key) {
        return Jwt.issuer(InternalToken.ISSUER).subject(userId).audience(audience).claim("purpose", PURPOSE)
                .claim("resource", UUID.randomUUID().toString()).issuedAt(expiresAt.minus(Duration.ofDays(400)))
                .expiresAt(expiresAt).sign(key);
    }

    @Test
    void aDelegationIsExchangedForAShortLivedInternalTokenOfItsUser() {
        Users.SignedUp user = Users.createDefaultUser();
        String playlistId = UUID.randomUUID().toString();
        JsonPath issued = issue(writeToken(user.userId()), PURPOSE, playlistId).statusCode(200)
                .header("Cache-Control", "no-store").extract().jsonPath();
        String delegation = issued.getString("delegation");
        Map<String, Object> d = claims(delegation);
        assertEquals("echotune-delegation", d.get("aud"));
        assertEquals(user.userId(), d.get("sub"));
        assertEquals(PURPOSE, d.get("purpose"));
        assertEquals(playlistId, d.get("resource"));
        Duration lifetime = Duration.between(Instant.now(), Instant.parse(issued.getString("expiresAt")));
        assertTrue(lifetime.compareTo(Duration.ofDays(399)) > 0 && lifetime.compareTo(Duration.ofDays(401)) < 0, lifetime::toString);

        String token = exchange(delegation).statusCode(200).header("Cache-Control", "no-store")
                .extract().path("token");
        Map<String, Object> t = claims(token);
        assertEquals(InternalToken.ISSUER, t.get("iss"));
        assertEquals(InternalToken.AUDIENCE, t.get("aud"));
        assertEquals(user.userId(), t.get("sub"));
        assertEquals("read write", t.get("scope"));
        long ttl = ((Number) t.get("exp")).longValue() - Instant.now().getEpochSecond();
        assertTrue(ttl > 0 && ttl <= 60, "a short-lived token: " + ttl + " s");
        // a genuine internal token: the gateway's own internal endpoint accepts it (404: no Spotify connection, not 401)
        given().header("Authorization", "Bearer " + token).when().get(SPOTIFY_TOKEN).then().statusCode(404);
    }

    @Test
    void theExchangeNeedsTheServiceKey() {
        String delegation = createDefaultDelegation(Users.createDefaultUser().userId());
        exchange(null, delegation).statusCode(401);
        exchange("Service wrong-key-wrong-key-wrong-key-wrong-key", delegation).statusCode(401);
        exchange("Service " + playlistKey.substring(1), delegation).statusCode(401);
        exchange("Service " + playlistKey.toUpperCase(java.util.Locale.ROOT), delegation).statusCode(401);
        exchange("Bearer " + playlistKey, delegation).statusCode(401);
        exchange("Bearer " + writeToken(UUID.randomUUID().toString()), delegation).statusCode(401);
        exchange("Service " + playlistKey, delegation).statusCode(200);
    }

    @Test
    void aDelegationIsNeverAcceptedAsAnInternalToken() {
        Users.SignedUp user = Users.createDefaultUser();
        String delegation = createDefaultDelegation(user.userId());
        given().header("Authorization", "Bearer " + delegation).when().get(SPOTIFY_TOKEN).then().statusCode(401);
        // nor can it mint further delegations
        issue(delegation, PURPOSE, UUID.randomUUID().toString()).statusCode(401);
        // and the public door ignores it (not a personal access token)
        given().header("Authorization", "Bearer " + delegation).when().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void onlyValidDelegationsOfOursAreExchanged() throws Exception {
        String userId = Users.createDefaultUser().userId();
        Instant later = Instant.now().plus(Duration.ofDays(30));
        // an internal token is not a delegation (audience echotune-services)
        exchange(writeToken(userId)).statusCode(403);
        exchange(signed(userId, "echotune-delegation", Instant.now().minusSeconds(60), identityKey())).statusCode(403);
        exchange(signed(userId, "echotune-other", later, identityKey())).statusCode(403);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        exchange(signed(userId, "echotune-delegation", later, rsa.generateKeyPair().getPrivate())).statusCode(403);
        String genuine = signed(userId, "echotune-delegation", later, identityKey());
        String[] parts = genuine.split("\\.");
        String swapped = Base64.getUrlEncoder().withoutPadding().encodeToString(new String(Base64.getUrlDecoder()
                .decode(parts[1]), StandardCharsets.UTF_8).replace(userId, UUID.randomUUID().toString())
                .getBytes(StandardCharsets.UTF_8));
        exchange(parts[0] + "." + swapped + "." + parts[2]).statusCode(403);
        exchange("not.a.jwt").statusCode(403);
        exchange(genuine).statusCode(200);
    }

    @Test
    void theUserOfADelegationMustStillExist() {
        String delegation = createDefaultDelegation(UUID.randomUUID().toString());
        exchange(delegation).statusCode(404);
    }

    @Test
    void issuingNeedsAnInternalTokenWithWriteAndAKnownPurpose() {
        String userId = Users.createDefaultUser().userId();
        String resource = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).body(Map.of("purpose", PURPOSE, "resource", resource))
                .when().post(ISSUE).then().statusCode(401);
        issue(Users.createDefaultUser().token(), PURPOSE, resource).statusCode(401); // a personal access token
        issue(forUser(userId, Set.of("read")), PURPOSE, resource).statusCode(403);
        issue(forUser(userId, Set.of("admin")), PURPOSE, resource).statusCode(403);
        issue(writeToken(userId), "everything", resource).statusCode(400).body("errors[0].field", equalTo("purpose"));
        issue(writeToken(userId), PURPOSE, " ").statusCode(400).body("errors[0].field", equalTo("resource"));
        // two delegations are distinct JWTs (own jti)
        assertNotEquals(createDefaultDelegation(userId), createDefaultDelegation(userId));
    }
}

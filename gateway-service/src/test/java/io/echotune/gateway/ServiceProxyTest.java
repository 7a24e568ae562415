package io.echotune.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(EchoBackend.class)
class ServiceProxyTest {

    @Test
    void forwardsTheCallWithASignedInternalTokenInsteadOfTheUsersCredentials() throws Exception {
        Users.SignedUp user = Users.createDefaultUser();
        String body = "{\"name\":\"Rainy Folk\",\"trackIds\":[\"4uLU6hMCjMI75M1A2tKUQC\"]}";

        JsonPath echoed = given().header("Authorization", user.bearer()).cookie("echotune_session", user.sessionCookie())
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/playlists?dryRun=false")
                .then().statusCode(201)
                .header("Set-Cookie", nullValue())
                .extract().jsonPath();

        assertEquals("POST", echoed.getString("method"));
        assertEquals("/api/v1/playlists?dryRun=false", echoed.getString("uri"));
        assertEquals(body.getBytes(StandardCharsets.UTF_8).length, echoed.getLong("bodyBytes"));
        assertNull(echoed.get("headers.cookie"), "the session cookie stays at the gateway");
        String authorization = echoed.getString("headers.authorization");
        assertFalse(authorization.contains(user.token()), "the user's token stays at the gateway");
        assertTrue(echoed.getString("headers.x-forwarded-host").startsWith("localhost:"));

        String[] jwt = authorization.substring("Bearer ".length()).split("\\.");
        assertTrue(signedByTheGateway(jwt), "the internal token verifies with the gateway's public key");
        JsonPath claims = JsonPath.from(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
        assertEquals(user.userId(), claims.getString("sub"));
        assertEquals("echotune-gateway", claims.getString("iss"));
        assertEquals("echotune-services", claims.getString("aud"));
        assertTrue(claims.getLong("exp") - claims.getLong("iat") <= 60);
    }

    @Test
    void pathsThatOnlyShareAPrefixAreNotForwarded() {
        given().header("Authorization", Users.createDefaultUser().bearer())
                .when().get("/api/v1/playlistsextra")
                .then().statusCode(404);
    }

    @Test
    void aServiceThatIsDownGivesA503Problem() {
        given().header("Authorization", Users.createDefaultUser().bearer())
                .when().get("/api/v1/insights/summary")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("detail", equalTo("The insights service is unavailable; try again shortly"));
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsForwarded() {
        byte[] tooBig = new byte[3 * 1024 * 1024];
        given().header("Authorization", Users.createDefaultUser().bearer())
                .contentType(ContentType.JSON).body(tooBig)
                .when().post("/api/v1/playlists")
                .then().statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    void aChunkedBodyOverTheLimitIsCutOffWhileItStreams() {
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        Map<String, String> auth = Map.of("Authorization", Users.createDefaultUser().bearer());
        String refused = RawHttp.chunked(port, "/api/v1/playlists", auth, 3 * 1024 * 1024);
        assertTrue(refused.startsWith("HTTP/1.1 413") || refused.isEmpty(), "answered: " + refused);
        // Under the limit, a chunked body is forwarded whole.
        String accepted = RawHttp.chunked(port, "/api/v1/playlists", auth, 1024 * 1024);
        assertEquals("HTTP/1.1 201 Created", accepted);
    }

    @Test
    void withoutAnOperatorCredentialConfiguredAdminPathsAdmitNobody() {
        given().header("Authorization", "Bearer " + "an-operator-credential-nobody-configured-0123")
                .when().get("/api/v1/admin/catalog")
                .then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", Users.createDefaultUser().bearer())
                .when().post("/api/v1/admin/catalog/loads")
                .then().statusCode(403)
                .contentType("application/problem+json");
    }

    private static boolean signedByTheGateway(String[] jwt) throws Exception {
        String pem = Files.readString(Path.of(System.getenv("ECHOTUNE_IDENTITY_PUBLIC_KEY_FILE")))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(jwt[2]));
    }
}

package io.echotune.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web app as the gateway serves it (built by Maven from src/main/webapp before the tests run): every screen is
 * the same index.html under a strict Content-Security-Policy, assets are hashed, cached for good and pre-compressed,
 * and the first screen's JavaScript stays under 150 KB compressed. The browser behaviour itself is WebAppFleetIT's.
 */
@QuarkusTest
class WebAppTest {

    /** Sends the Accept-Encoding a test names, and leaves the answer's bytes as they came. */
    private static final RestAssuredConfig RAW = RestAssured.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders());
    private static final Pattern SCRIPT = Pattern.compile("src=\"(/assets/index-[A-Za-z0-9_-]+\\.js)\"");

    @Test
    void everyScreenIsTheAppUnderAStrictContentSecurityPolicy() {
        for (String screen : List.of("/", "/chat", "/chat/3f1c2a8e-1b2c-4d5e-8f90-123456789abc", "/playlists",
                "/playlists/3f1c2a8e-1b2c-4d5e-8f90-123456789abc", "/imports", "/insights", "/settings")) {
            given().redirects().follow(false).when().get(screen).then().statusCode(200)
                    .contentType(containsString("text/html"))
                    .header("Cache-Control", "no-cache")
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("Content-Security-Policy", containsString("default-src 'none'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .header("X-Content-Type-Options", "nosniff")
                    .body(containsString("<echotune-app>"));
        }
    }

    @Test
    void theIndexHasNoInlineScript() {
        String index = given().when().get("/chat").then().statusCode(200).extract().asString();
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(index);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertTrue(scripts.group(1).contains("src=\"/assets/"), "inline or foreign script: " + scripts.group());
        }
        assertTrue(count >= 1, "the index loads the app's script");
    }

    @Test
    void assetsAreServedPrecompressedAndCachedForGood() throws IOException {
        String script = entryScript();
        byte[] plain = given().config(RAW).header("Accept-Encoding", "identity").when().get(script).then().statusCode(200)
                .contentType(containsString("text/javascript"))
                .header("Cache-Control", containsString("immutable"))
                .header("Content-Encoding", (String) null)
                .extract().asByteArray();
        Response gzipped = given().config(RAW).header("Accept-Encoding", "gzip")
                .when().get(script);
        gzipped.then().statusCode(200).header("Content-Encoding", "gzip").header("Vary", containsString("accept-encoding"));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.asByteArray()))) {
            assertArrayEquals(plain, in.readAllBytes(), "the gzip variant is the same file");
        }
        given().config(RAW).header("Accept-Encoding", "gzip, deflate, br").when().get(script).then().statusCode(200)
                .header("Content-Encoding", "br");
    }

    @Test
    void theFirstScreensJavaScriptIsUnder150KbCompressed() {
        String index = given().when().get("/chat").then().extract().asString();
        Matcher scripts = SCRIPT.matcher(index);
        long total = 0;
        while (scripts.find()) {
            total += given().config(RAW).header("Accept-Encoding", "gzip")
                    .when().get(scripts.group(1)).then().statusCode(200).extract().asByteArray().length;
        }
        assertTrue(total > 0 && total <= 150 * 1024, "first screen JavaScript, gzip: " + total + " bytes");
    }

    @Test
    void unknownAndCompressedVariantPathsAre404() {
        given().when().get("/assets/missing-1234.js").then().statusCode(404).contentType("application/problem+json");
        given().when().get(entryScript() + ".gz").then().statusCode(404);
        given().when().get("/webapp/files.txt").then().statusCode(404);
    }

    @Test
    void signInMethodsNameWhatThisServerOffers() {
        // the test profile enables local accounts and configures no Spotify client id
        given().when().get("/auth/methods").then().statusCode(200)
                .body("localAccounts", equalTo(true)).body("spotify", equalTo(false));
    }

    @Test
    void sessionWritesNeedTheSessionsCsrfToken() {
        Users.SignedUp user = Users.createDefaultUser();
        assertTrue(user.csrfCookie() != null && !user.csrfCookie().isBlank(), "sign-up sets the CSRF cookie");
        Map<String, Object> token = Map.of("name", "from the browser", "scopes", List.of("read"));
        given().cookie("echotune_session", user.sessionCookie()).contentType(ContentType.JSON).body(token)
                .when().post("/api/v1/me/tokens").then().statusCode(403)
                .body("detail", containsString("X-CSRF-Token"));
        given().cookie("echotune_session", user.sessionCookie()).header("X-CSRF-Token", "0".repeat(64))
                .contentType(ContentType.JSON).body(token)
                .when().post("/api/v1/me/tokens").then().statusCode(403);
        // another session's token does not fit this session
        given().cookie("echotune_session", user.sessionCookie()).header("X-CSRF-Token", Users.createDefaultUser().csrfCookie())
                .contentType(ContentType.JSON).body(token)
                .when().post("/api/v1/me/tokens").then().statusCode(403);
        given().cookie("echotune_session", user.sessionCookie()).header("X-CSRF-Token", user.csrfCookie())
                .contentType(ContentType.JSON).body(token)
                .when().post("/api/v1/me/tokens").then().statusCode(201);
        // reads need no token, and bearer tokens (no cookie, nothing a browser sends by itself) need none either
        given().cookie("echotune_session", user.sessionCookie()).when().get("/api/v1/me").then().statusCode(200);
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(token)
                .when().post("/api/v1/me/tokens").then().statusCode(201);
    }

    @Test
    void signOutClearsBothCookies() {
        Users.SignedUp user = Users.createDefaultUser();
        List<String> cleared = given().cookie("echotune_session", user.sessionCookie()).when().post("/auth/logout")
                .then().statusCode(204).extract().headers().getValues("Set-Cookie");
        assertTrue(cleared.stream().anyMatch(c -> c.startsWith("echotune_session=") && c.contains("Max-Age=0")), cleared.toString());
        assertTrue(cleared.stream().anyMatch(c -> c.startsWith("echotune_csrf=") && c.contains("Max-Age=0")), cleared.toString());
    }

    private static String entryScript() {
        Matcher matcher = SCRIPT.matcher(given().when().get("/chat").then().extract().asString());
        assertTrue(matcher.find(), "index.html names its entry script");
        return matcher.group(1);
    }
}

package io.echotune.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared-playlist routes are the public exception: forwarded to the playlist service for anyone, without an
 * internal token (there is no caller), read-only, and metered per client address.
 */
@QuarkusTest
@WithTestResource(EchoBackend.class)
@TestProfile(SharedPlaylistRouteTest.LowAnonymousLimit.class)
class SharedPlaylistRouteTest {

    private static final String CODE = "Xb3_kz" + "A".repeat(37);

    public static class LowAnonymousLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("echotune.gateway.rate-limit.anonymous-per-address-per-minute", "4");
        }
    }

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void sharedJsonIsForwardedWithoutCredentialsAndWithoutAnInternalToken() {
        String answer = RawHttp.exchangeFrom(RawHttp.freshLoopbackAddress(), port, "GET", "/api/v1/shared/" + CODE,
                Map.of(), null);

        assertEquals(201, RawHttp.statusOf(answer), answer); // the echo backend's status: it was forwarded
        String echoed = answer.toLowerCase(Locale.ROOT);
        assertTrue(echoed.contains("\"uri\":\"/api/v1/shared/" + CODE.toLowerCase(Locale.ROOT) + "\""), answer);
        assertFalse(echoed.contains("\"authorization\""), "no internal token on a public route: " + answer);
    }

    @Test
    void aCredentialSentToThePublicRouteStaysAtTheGateway() {
        // The public route never looks at credentials (so it needs no sign-up here), and never forwards them.
        String token = "et_" + "Q".repeat(43);
        String answer = RawHttp.exchangeFrom(RawHttp.freshLoopbackAddress(), port, "GET", "/shared/" + CODE,
                Map.of("Authorization", "Bearer " + token, "Cookie", "echotune_session=abc"), null);

        assertEquals(201, RawHttp.statusOf(answer), answer);
        assertFalse(answer.contains(token), "the caller's token is not forwarded");
        assertFalse(answer.contains("echotune_session"), "nor the session cookie");
        assertFalse(answer.toLowerCase(Locale.ROOT).contains("\"authorization\""), answer);
    }

    @Test
    void publicRoutesAreReadOnly() {
        String from = RawHttp.freshLoopbackAddress();
        assertEquals(405, RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "POST", "/api/v1/shared/" + CODE,
                Map.of("Content-Type", "application/json"), "{}")));
        assertEquals(405, RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "DELETE", "/shared/" + CODE, Map.of(), null)));
    }

    @Test
    void publicRoutesAreMeteredPerAddress() {
        String from = RawHttp.freshLoopbackAddress();
        for (int i = 0; i < 4; i++) {
            String path = (i % 2 == 0 ? "/shared/" : "/api/v1/shared/") + CODE;
            assertEquals(201, RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "GET", path, Map.of(), null)));
        }
        String refused = RawHttp.exchangeFrom(from, port, "GET", "/api/v1/shared/" + CODE, Map.of(), null);
        assertEquals(429, RawHttp.statusOf(refused));
        assertEquals(429, RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "GET", "/shared/" + CODE, Map.of(), null)));
        assertEquals(201, RawHttp.statusOf(RawHttp.exchangeFrom(RawHttp.freshLoopbackAddress(), port, "GET",
                "/shared/" + CODE, Map.of(), null)), "other addresses are not affected");
    }

    @Test
    void theRestOfApiV1StillNeedsCredentials() {
        String from = RawHttp.freshLoopbackAddress();
        assertEquals(401, RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "GET", "/api/v1/playlists", Map.of(), null)));
        assertEquals(401, RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "GET", "/api/v1/sharedx/" + CODE, Map.of(), null)));
    }
}

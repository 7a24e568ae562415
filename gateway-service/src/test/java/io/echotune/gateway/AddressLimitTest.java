package io.echotune.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Traffic without a valid user to charge is metered per client address: failed authentications (so guessing
 * tokens costs no store look-ups past the limit), requests without credentials, and the sign-in routes. Each test
 * sends from its own loopback address, so the counters it sees are its own.
 */
@QuarkusTest
@TestProfile(AddressLimitTest.LowLimits.class)
class AddressLimitTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("echotune.gateway.rate-limit.failed-auth-per-address-per-minute", "3",
                    "echotune.gateway.rate-limit.anonymous-per-address-per-minute", "5");
        }
    }

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void anAddressThatKeepsPresentingBadTokensIsRefusedBeforeAnyLookUp() {
        RateWindows.awaitMinuteWithRoom(Duration.ofSeconds(20));
        String from = RawHttp.freshLoopbackAddress();
        Map<String, String> bogus = Map.of("Authorization", "Bearer et_" + "A".repeat(43));
        for (int i = 0; i < 3; i++) {
            assertEquals(401, RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "GET", "/api/v1/me", bogus, null)));
        }
        String refused = RawHttp.exchangeFrom(from, port, "GET", "/api/v1/me", bogus, null);
        assertEquals(429, RawHttp.statusOf(refused));
        assertTrue(refused.contains("Retry-After:") || refused.contains("retry-after:"), refused);
        // A bad session cookie counts the same way.
        assertEquals(429, RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "GET", "/api/v1/me",
                Map.of("Cookie", "echotune_session=nope"), null)));
        // Other addresses are not affected.
        assertEquals(401, RawHttp.statusOf(RawHttp.exchangeFrom(RawHttp.freshLoopbackAddress(), port, "GET", "/api/v1/me", bogus, null)));
    }

    @Test
    void guessingPartnerSecretsOrTokensIsRefusedLikeGuessingAccessTokens() {
        RateWindows.awaitMinuteWithRoom(Duration.ofSeconds(20));
        String from = RawHttp.freshLoopbackAddress();
        Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");
        String guess = "grant_type=client_credentials&client_id=" + java.util.UUID.randomUUID() + "&client_secret=etcs_guess";
        for (int i = 0; i < 3; i++) {
            assertEquals(401, RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "POST", "/oauth/token", form, guess)));
        }
        String refused = RawHttp.exchangeFrom(from, port, "POST", "/oauth/token", form, guess);
        assertEquals(429, RawHttp.statusOf(refused));
        assertTrue(refused.toLowerCase(java.util.Locale.ROOT).contains("retry-after:"), refused);
        // bad partner tokens count against the same address
        String other = RawHttp.freshLoopbackAddress();
        Map<String, String> bogus = Map.of("Authorization", "Bearer etp_" + "A".repeat(43));
        for (int i = 0; i < 3; i++) {
            assertEquals(401, RawHttp.statusOf(RawHttp.exchangeFrom(other, port, "POST", "/api/v1/llm/interpret", bogus, "{}")));
        }
        assertEquals(429, RawHttp.statusOf(RawHttp.exchangeFrom(other, port, "POST", "/oauth/token", form, guess)));
    }

    @Test
    void requestsWithoutCredentialsAreMeteredPerAddress() {
        RateWindows.awaitMinuteWithRoom(Duration.ofSeconds(20));
        String from = RawHttp.freshLoopbackAddress();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "GET", "/api/v1/insights/summary", Map.of(), null)));
        }
        assertEquals(429, RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "GET", "/api/v1/insights/summary", Map.of(), null)));
    }

    @Test
    void theSignInRoutesAreMeteredPerAddress() {
        RateWindows.awaitMinuteWithRoom(Duration.ofSeconds(20));
        String from = RawHttp.freshLoopbackAddress();
        for (int i = 0; i < 5; i++) {
            int status = RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "GET", "/auth/spotify", Map.of(), null));
            assertTrue(status != 429, "request " + i + " answered " + status);
        }
        assertEquals(429, RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "GET", "/auth/spotify", Map.of(), null)));
        assertEquals(429, RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "GET", "/auth/callback?code=x&state=y", Map.of(), null)));
    }

    @Test
    void aValidCredentialIsChargedToItsUserNotToTheAddress() {
        String from = RawHttp.freshLoopbackAddress();
        String signUp = RawHttp.exchangeFrom(from, port, "POST", "/api/v1/auth/local", Map.of(), "{\"displayName\":\"Ada\"}");
        assertEquals(201, RawHttp.statusOf(signUp));
        String token = io.restassured.path.json.JsonPath.from(signUp.substring(signUp.indexOf("\r\n\r\n") + 4)).getString("token");
        for (int i = 0; i < 8; i++) {
            assertEquals(200, RawHttp.statusOf(RawHttp.exchangeFrom(from, port, "GET", "/api/v1/me",
                    Map.of("Authorization", "Bearer " + token), null)));
        }
    }
}

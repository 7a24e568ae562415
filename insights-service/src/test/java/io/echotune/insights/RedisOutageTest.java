package io.echotune.insights;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.echotune.insights.HistoryFixtures.catalogTrack;
import static io.echotune.insights.HistoryFixtures.musicPlay;
import static io.echotune.insights.HistoryFixtures.randomTrackId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Redis is an accelerator: with no Redis at all, every figure is computed and answered anyway. */
@QuarkusTest
@TestProfile(RedisOutageTest.WithoutRedis.class)
class RedisOutageTest extends StoredDataTest {

    /** Redis at a port nothing listens on: every command fails at once. */
    public static class WithoutRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://localhost:" + closedPort());
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final String INSIGHTS = "/api/v1/insights/";

    @Test
    void everyKindOfFigureIsAnsweredWithoutRedis() {
        String user = "outage-" + UUID.randomUUID();
        users.add(user);
        String trackId = randomTrackId();
        catalogIds.add(trackId);
        catalog().insertOne(catalogTrack(trackId, "Drift", List.of("ambient"), 0.3, 0.2));
        history().insertMany(List.of(
                musicPlay(user, "2024-05-01T10:00:00Z", "spotify:track:" + trackId, "Drift", "Artist", 60_000, "trackdone"),
                musicPlay(user, "2024-05-02T10:00:00Z", "spotify:track:" + trackId, "Drift", "Artist", 20_000, "fwdbtn")));

        for (int call = 0; call < 2; call++) {
            asUser(user).get(INSIGHTS + "summary")
                    .then().statusCode(200).contentType("application/json")
                    .body("records", equalTo(2)).body("streams", equalTo(1));
            asUser(user).get(INSIGHTS + "top-genres")
                    .then().statusCode(200).body("[0].genre", equalTo("ambient"));
            asUser(user).get(INSIGHTS + "year/2024")
                    .then().statusCode(200).body("topGenre.genre", equalTo("ambient"));
        }
    }

    @Test
    void badParametersAreStillProblemsNamingThem() {
        asUser("outage-" + UUID.randomUUID()).queryParam("limit", 0).get(INSIGHTS + "top-genres")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("limit"));
    }

    private static RequestSpecification asUser(String user) {
        return given().header("Authorization", bearer(user));
    }

}

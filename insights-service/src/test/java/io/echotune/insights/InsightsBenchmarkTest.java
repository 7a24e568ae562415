package io.echotune.insights;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.echotune.insights.repository.InsightsCache;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;

/**
 * Run by hand: {@code -Dbench=true -Dtest=InsightsBenchmarkTest}. One user with {@value #RECORDS} realistic records
 * (about 5 years, Zipf-distributed artists and tracks, sessions, skips, some podcasts); per endpoint the p95 latency
 * cold (generation bumped before every call, so nothing is cached) and warm (served from Redis), measured over HTTP
 * against this service.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench", matches = "true")
class InsightsBenchmarkTest {

    static final int RECORDS = Integer.getInteger("bench.records", 250_000);
    private static final int COLD_RUNS = Integer.getInteger("bench.cold", 10);
    private static final int WARM_RUNS = Integer.getInteger("bench.warm", 100);
    private static final int BATCH = 5_000;
    private static final List<String> ENDPOINTS = List.of(
            "summary", "top-artists", "top-artists?by=streams", "top-tracks", "top-tracks?by=streams", "top-genres",
            "heatmap?tz=Europe/Berlin", "discovery?tz=Europe/Berlin", "mood", "sessions", "forgotten-favorites",
            "year/2023?tz=Europe/Berlin");

    @Inject
    MongoClient mongo;

    @Inject
    InsightsCache cache;

    @Test
    void printsP95ColdAndWarmPerEndpoint() {
        // -Dbench.user=<id> reuses the records an earlier, interrupted run generated for that user.
        String reused = System.getProperty("bench.user");
        String user = reused != null ? reused : "bench-" + UUID.randomUUID();
        MongoCollection<Document> history = mongo.getDatabase("echotune").getCollection("listening_history");
        try {
            long started = System.nanoTime();
            if (reused == null) {
                generate(user, history);
            }
            System.out.printf("%n[bench] %s: %d records ready in %.1f s%n", user, RECORDS,
                    (System.nanoTime() - started) / 1e9);
            System.out.printf("[bench] %-28s %12s %12s%n", "endpoint", "cold p95 ms", "warm p95 ms");
            for (String endpoint : ENDPOINTS) {
                try {
                    measure(user, endpoint);
                } catch (Exception | AssertionError e) {   // e.g. a read timeout: report it, measure the rest
                    System.out.printf("[bench] %-28s failed: %s%n", endpoint, e.getMessage());
                }
            }
        } finally {
            history.deleteMany(Filters.eq("userId", user));
        }
    }

    private void measure(String user, String endpoint) {
        double[] cold = new double[COLD_RUNS];
        for (int i = 0; i < COLD_RUNS; i++) {
            cache.invalidate(user).await().atMost(Duration.ofSeconds(5));
            cold[i] = timed(user, endpoint);
        }
        timed(user, endpoint);
        double[] warm = new double[WARM_RUNS];
        for (int i = 0; i < WARM_RUNS; i++) {
            warm[i] = timed(user, endpoint);
        }
        System.out.printf("[bench] %-28s %12.1f %12.1f%n", endpoint, p95(cold), p95(warm));
    }

    private static double timed(String user, String endpoint) {
        long start = System.nanoTime();
        given().header("Authorization", bearer(user)).when().get("/api/v1/insights/" + endpoint)
                .then().statusCode(200);
        return (System.nanoTime() - start) / 1e6;
    }

    private static double p95(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
    }

    /** Sessions of 5-40 plays over five years; artists and tracks drawn with a Zipf-like skew. */
    private static void generate(String user, MongoCollection<Document> history) {
        Random random = new Random(42);
        int artists = 3_000;
        int tracksPerArtist = 12;
        Instant cursor = Instant.parse("2021-01-01T08:00:00Z");
        List<Document> batch = new ArrayList<>(BATCH);
        int written = 0;
        while (written < RECORDS) {
            int sessionLength = 5 + random.nextInt(36);
            for (int i = 0; i < sessionLength && written < RECORDS; i++, written++) {
                boolean podcast = random.nextInt(100) < 3;
                int artist = zipf(random, artists);
                int track = zipf(random, tracksPerArtist);
                boolean skipped = random.nextInt(100) < 20;
                long ms = podcast ? 600_000 + random.nextInt(1_800_000)
                        : skipped ? 1_000 + random.nextInt(28_000) : 120_000 + random.nextInt(180_000);
                boolean basic = random.nextInt(100) < 10;
                Instant end = cursor.plusMillis(ms);
                String uri = podcast ? "spotify:episode:" + Integer.toString(artist, 36)
                        : "spotify:track:bench" + String.format("%017d", (long) artist * tracksPerArtist + track);
                String artistName = podcast ? "Show " + artist : "Artist " + artist;
                String trackName = (podcast ? "Episode " : "Track ") + artist + "-" + track;
                batch.add(new Document("_id", SpotifyExportLoader.sha256(user + "|" + written))
                        .append("userId", user)
                        .append("playedAt", Date.from(end))
                        .append("startedAt", Date.from(cursor))
                        .append("msPlayed", ms)
                        .append("contentType", podcast ? "podcast" : "music")
                        .append("trackUri", basic && !podcast ? null : uri)
                        .append("trackKey", basic && !podcast ? "name:" + artistName.toLowerCase() + "|" + trackName.toLowerCase() : uri)
                        .append("trackName", trackName)
                        .append("artistName", artistName)
                        .append("albumName", "Album " + artist)
                        .append("reasonStart", basic ? null : "trackdone")
                        .append("reasonEnd", basic ? null : skipped ? "fwdbtn" : "trackdone")
                        .append("skipped", basic ? null : skipped)
                        .append("shuffle", basic ? null : random.nextBoolean())
                        .append("offline", basic ? null : false)
                        .append("platform", basic ? null : "android")
                        .append("country", basic ? null : "DE")
                        .append("source", basic ? "BASIC" : "EXTENDED")
                        .append("importId", "bench"));
                cursor = end.plusSeconds(random.nextInt(5));
                if (batch.size() == BATCH) {
                    history.insertMany(batch);
                    batch.clear();
                }
            }
            cursor = cursor.plus(Duration.ofMinutes(40 + random.nextInt(60 * 12)));
        }
        if (!batch.isEmpty()) {
            history.insertMany(batch);
        }
    }

    private static int zipf(Random random, int n) {
        // Inverse-transform of a continuous 1/x density on [1, n+1): rank 0 is by far the most frequent.
        return Math.min(n - 1, (int) Math.floor(Math.exp(random.nextDouble() * Math.log(n + 1)) - 1));
    }
}

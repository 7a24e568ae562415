package io.echotune.insights;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.echotune.insights.repository.InsightsCache;
import io.echotune.insights.service.ListeningSnapshotService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Run by hand: {@code -Dbench=true -Dtest=InsightsBenchmarkTest}. One user with {@value #RECORDS} realistic records
 * (about 5 years, Zipf-distributed artists and tracks, sessions, skips, some podcasts) and a catalog entry (genres,
 * features) for two thirds of the tracks. Reports the snapshot build (the first read after the records arrive, and
 * forced rebuilds), then per endpoint the p95 latency cold (cache generation bumped before every call, so nothing
 * comes from Redis: the figure is computed from the snapshot and the catalog looked up) and warm (from Redis),
 * measured over HTTP against this service. Cold calls find the snapshot this replica keeps decoded after use; with
 * {@code -Dechotune.insights.snapshot-retained-records=0} each one reads and decodes it from MongoDB instead.
 * <p>
 * Through the gateway as well: start a gateway whose insights route points at this test instance (fix its port with
 * {@code -Dquarkus.http.test-port=...}), create a local account there, and pass {@code -Dbench.gateway=<url>
 * -Dbench.token=<the account's token>}; the records are then generated for that account's user.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench", matches = "true")
class InsightsBenchmarkTest {

    static final int RECORDS = Integer.getInteger("bench.records", 250_000);
    private static final int COLD_RUNS = Integer.getInteger("bench.cold", 20);
    private static final int WARM_RUNS = Integer.getInteger("bench.warm", 100);
    private static final int REBUILDS = Integer.getInteger("bench.rebuilds", 3);
    private static final String GATEWAY = System.getProperty("bench.gateway");
    private static final String GATEWAY_TOKEN = System.getProperty("bench.token");
    private static final int BATCH = 5_000;
    private static final int ARTISTS = 3_000;
    private static final int TRACKS_PER_ARTIST = 12;
    private static final List<String> GENRES = List.of("pop", "dance pop", "rock", "indie rock", "hip hop", "rap",
            "jazz", "soul", "house", "techno", "ambient", "folk", "metal", "k-pop", "latin", "reggaeton", "classical",
            "blues", "country", "punk");
    private static final List<String> ENDPOINTS = List.of(
            "summary", "top-artists", "top-artists?by=streams", "top-tracks", "top-tracks?by=streams", "top-genres",
            "heatmap?tz=Europe/Berlin", "discovery?tz=Europe/Berlin", "mood", "sessions", "forgotten-favorites",
            "year/2023?tz=Europe/Berlin", "summary?from=2023-03-01&to=2023-09-15&tz=Asia/Kathmandu");

    @Inject
    MongoClient mongo;

    @Inject
    InsightsCache cache;

    @Inject
    ListeningSnapshotService snapshots;

    /** This test instance (its port is random unless -Dquarkus.http.test-port fixes it for a gateway). */
    @TestHTTPResource("/api/v1/insights/")
    URI insights;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void printsP95ColdAndWarmPerEndpoint() {
        // -Dbench.user=<id> reuses the records an earlier, interrupted run generated for that user.
        String reused = System.getProperty("bench.user");
        String user = reused != null ? reused : GATEWAY != null ? gatewayUser() : "bench-" + UUID.randomUUID();
        MongoCollection<Document> history = mongo.getDatabase("echotune").getCollection("listening_history");
        MongoCollection<Document> catalog = mongo.getDatabase("echotune").getCollection("tracks");
        List<String> catalogIds = new ArrayList<>();
        try {
            long started = System.nanoTime();
            if (reused == null) {
                generate(user, history);
            }
            writeCatalog(catalog, catalogIds);
            System.out.printf("%n[bench] %s: %d records and %d catalog tracks ready in %.1f s (load %s)%n", user,
                    RECORDS, catalogIds.size(), (System.nanoTime() - started) / 1e9, loadAverage());

            // The first read finds no snapshot and builds it (as after an import whose event was missed).
            System.out.printf("[bench] first read, snapshot built: %.0f ms%n", timed(user, "summary", false));
            printStoredSnapshot(user);
            double[] rebuilds = new double[REBUILDS];
            for (int i = 0; i < REBUILDS; i++) {
                snapshots.invalidate(user).await().atMost(Duration.ofSeconds(5));
                cache.invalidate(user).await().atMost(Duration.ofSeconds(5));
                rebuilds[i] = timed(user, "summary", false);
            }
            System.out.printf("[bench] read after the history changed (rebuild), %d runs: %s ms%n", REBUILDS,
                    Arrays.toString(Arrays.stream(rebuilds).mapToLong(Math::round).toArray()));

            System.out.printf("[bench] %-56s %10s %10s %10s %10s%n", "endpoint (p95 ms)", "cold", "warm",
                    GATEWAY == null ? "" : "cold gw", GATEWAY == null ? "" : "warm gw");
            for (String endpoint : ENDPOINTS) {
                System.out.printf("[bench] %-56s %s %s%s%n", endpoint, p95(user, endpoint, false, true),
                        p95(user, endpoint, false, false), GATEWAY == null ? ""
                                : " " + p95(user, endpoint, true, true) + " " + p95(user, endpoint, true, false));
            }
            System.out.printf("[bench] done (load %s)%n", loadAverage());
        } finally {
            if (reused == null) {
                history.deleteMany(Filters.eq("userId", user));
            }
            catalog.deleteMany(Filters.in("_id", catalogIds));
            snapshots.erase(user).await().atMost(Duration.ofSeconds(30));
        }
    }

    /**
     * The p95 of one path (this service or the gateway), cold or warm, formatted for the table; a failure (a read
     * timeout, a 429 from the gateway's rate limit) is reported in its cell so the other paths are still measured.
     */
    private String p95(String user, String endpoint, boolean throughGateway, boolean cold) {
        try {
            double[] samples = cold ? cold(user, endpoint, throughGateway) : warm(user, endpoint, throughGateway);
            return String.format("%10.1f", p95(samples));
        } catch (Exception | AssertionError e) {
            System.out.printf("[bench] %s (%s, %s) failed: %s%n", endpoint, throughGateway ? "gateway" : "direct",
                    cold ? "cold" : "warm", e.getMessage());
            return String.format("%10s", "failed");
        }
    }

    private double[] cold(String user, String endpoint, boolean throughGateway) {
        double[] cold = new double[COLD_RUNS];
        for (int i = 0; i < COLD_RUNS; i++) {
            cache.invalidate(user).await().atMost(Duration.ofSeconds(5));
            cold[i] = timed(user, endpoint, throughGateway);
        }
        return cold;
    }

    private double[] warm(String user, String endpoint, boolean throughGateway) {
        timed(user, endpoint, throughGateway);
        double[] warm = new double[WARM_RUNS];
        for (int i = 0; i < WARM_RUNS; i++) {
            warm[i] = timed(user, endpoint, throughGateway);
        }
        return warm;
    }

    /**
     * One request's latency, status checked. A plain JDK client, kept open across requests as a browser would:
     * rest-assured's own overhead (a few ms per call) would be measured too.
     */
    private double timed(String user, String endpoint, boolean throughGateway) {
        URI uri = throughGateway ? URI.create(GATEWAY + "/api/v1/insights/" + endpoint) : insights.resolve(endpoint);
        String authorization = throughGateway ? "Bearer " + GATEWAY_TOKEN : bearer(user);
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", authorization)
                .timeout(Duration.ofMinutes(2)).GET().build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double ms = (System.nanoTime() - start) / 1e6;
        assertEquals(200, response.statusCode(), () -> endpoint + ": " + new String(response.body()));
        return ms;
    }

    /** The gateway account the token belongs to: its records are generated, so both paths read the same user. */
    private static String gatewayUser() {
        return given().header("Authorization", "Bearer " + GATEWAY_TOKEN)
                .when().get(GATEWAY + "/api/v1/me")
                .then().statusCode(200)
                .extract().path("userId");
    }

    /** The size of the user's stored snapshot: records, the raw stream and its deflated chunks. */
    private void printStoredSnapshot(String user) {
        Document head = mongo.getDatabase("echotune").getCollection("insights_snapshots")
                .find(Filters.eq("_id", user)).first();
        long deflated = 0;
        int chunks = 0;
        for (Document chunk : mongo.getDatabase("echotune").getCollection("insights_snapshot_chunks")
                .find(Filters.eq("buildId", head == null ? null : head.getString("buildId")))) {
            deflated += chunk.get("data", Binary.class).length();
            chunks++;
        }
        System.out.printf("[bench] stored snapshot: %s records, %.2f MB raw, %.2f MB deflated in %d chunk(s)%n",
                head == null ? "?" : head.get("records"), head == null ? 0 : head.getInteger("rawBytes") / 1e6,
                deflated / 1e6, chunks);
    }

    private static double p95(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
    }

    private static String loadAverage() {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Genres (1-3) and features for two tracks in three, as the catalog loader and enrichment would leave them. */
    private static void writeCatalog(MongoCollection<Document> catalog, List<String> ids) {
        Random random = new Random(7);
        List<Document> batch = new ArrayList<>(BATCH);
        for (long track = 0; track < (long) ARTISTS * TRACKS_PER_ARTIST; track++) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            String id = trackId(track);
            ids.add(id);
            List<String> genres = new ArrayList<>();
            for (int g = random.nextInt(3); g >= 0; g--) {
                genres.add(GENRES.get(random.nextInt(GENRES.size())));
            }
            batch.add(new Document("_id", id).append("name", "Track " + track).append("artists", List.of("Artist"))
                    .append("album", "Album").append("genres", genres)
                    .append("features", new Document("danceability", random.nextDouble())
                            .append("energy", random.nextDouble()).append("valence", random.nextDouble())
                            .append("tempo", 60 + random.nextInt(120)))
                    .append("popularity", random.nextInt(100)).append("source", "insights-bench"));
            if (batch.size() == BATCH) {
                catalog.deleteMany(Filters.in("_id", batch.stream().map(d -> d.getString("_id")).toList()));
                catalog.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            catalog.deleteMany(Filters.in("_id", batch.stream().map(d -> d.getString("_id")).toList()));
            catalog.insertMany(batch);
        }
    }

    private static String trackId(long track) {
        return "bench" + String.format("%017d", track);
    }

    /** Sessions of 5-40 plays over five years; artists and tracks drawn with a Zipf-like skew. */
    private static void generate(String user, MongoCollection<Document> history) {
        Random random = new Random(42);
        Instant cursor = Instant.parse("2021-01-01T08:00:00Z");
        List<Document> batch = new ArrayList<>(BATCH);
        int written = 0;
        while (written < RECORDS) {
            int sessionLength = 5 + random.nextInt(36);
            for (int i = 0; i < sessionLength && written < RECORDS; i++, written++) {
                boolean podcast = random.nextInt(100) < 3;
                int artist = zipf(random, ARTISTS);
                int track = zipf(random, TRACKS_PER_ARTIST);
                boolean skipped = random.nextInt(100) < 20;
                long ms = podcast ? 600_000 + random.nextInt(1_800_000)
                        : skipped ? 1_000 + random.nextInt(28_000) : 120_000 + random.nextInt(180_000);
                boolean basic = random.nextInt(100) < 10;
                Instant end = cursor.plusMillis(ms);
                String uri = podcast ? "spotify:episode:" + Integer.toString(artist, 36)
                        : "spotify:track:" + trackId((long) artist * TRACKS_PER_ARTIST + track);
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

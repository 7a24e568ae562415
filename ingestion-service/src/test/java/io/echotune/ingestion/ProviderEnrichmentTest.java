package io.echotune.ingestion;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.including;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.echotune.ingestion.CatalogFixtures.awaitEnriched;
import static io.echotune.ingestion.CatalogFixtures.enrichment;
import static io.echotune.ingestion.CatalogLoadTest.randomTrackId;
import static io.echotune.ingestion.ImportFixtures.extended;
import static io.echotune.ingestion.ImportFixtures.list;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.uploadBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tracks the catalog does not hold, through the whole pipeline (upload, import.completed, requests, workers) to the
 * features providers, stubbed with WireMock in their real shapes. Every test uses fresh random track ids. The
 * order matters only at the end: the long Retry-After leaves ReccoBeats paused and the 500s leave Spotify's
 * breaker open for the rest of the class (the test profile keeps breakers open for 5 minutes).
 */
@QuarkusTest
@WithTestResource(FeaturesProviderStubs.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProviderEnrichmentTest {

    private static final String RECCOBEATS = "/reccobeats/v1/audio-features";
    private static final String SPOTIFY = "/spotify-api/v1/audio-features";
    private static final List<String> CREATED = new CopyOnWriteArrayList<>();

    @BeforeEach
    void catalogIsLoaded() {
        CatalogFixtures.ensureCatalogLoaded();
    }

    @AfterAll
    static void deleteCreatedTracks() {
        try (MongoClient client = CatalogFixtures.mongo()) {
            MongoDatabase db = CatalogFixtures.echotune(client);
            db.getCollection("tracks").deleteMany(Filters.in("_id", CREATED));
            db.getCollection("track_resolutions").deleteMany(Filters.in("_id",
                    CREATED.stream().map(id -> "spotify:track:" + id).toList()));
        }
        ImportFixtures.deleteTestHistory();
    }

    @Test
    @Order(1)
    void tracksMissingFromTheCatalogAreResolvedByReccoBeatsThenSpotifyAndStoredWithTheArtistsGenres() {
        String byRecco = newId();
        String bySpotify = newId();
        String unknown = newId();
        WireMockServer wm = FeaturesProviderStubs.server();
        wm.stubFor(reccoBeats(byRecco).willReturn(okJson(reccoBeatsAnswer(byRecco, 0.817, 0.377, 101.96, -9.455))));
        wm.stubFor(spotify(bySpotify).willReturn(okJson(spotifyAnswer(bySpotify, 0.585, 0.842, 118.211, -5.883))));
        Map<TopicPartition, Long> mark = TopicEvents.mark(TopicEvents.TRACK_FEATURES);

        String user = newUser();
        Map<String, Object> job = awaitEnriched(user, uploadBytes(user, "Streaming_History_Audio_2024.json", list(
                extended("2024-03-01T10:15:42Z", 200_000, uri(byRecco), "Ed Sheeran", "Provider Song One"),
                extended("2024-03-01T10:20:42Z", 200_000, uri(bySpotify), "Nobody Known " + bySpotify, "Provider Song Two"),
                extended("2024-03-01T10:25:42Z", 200_000, uri(unknown), "Nobody Known " + unknown, "Provider Song Three"))));

        assertEquals(3, enrichment(job, "tracksSeen"));
        assertEquals(2, enrichment(job, "tracksResolved"));
        assertEquals(1, enrichment(job, "tracksUnresolved"));
        try (MongoClient client = CatalogFixtures.mongo()) {
            MongoDatabase db = CatalogFixtures.echotune(client);
            Document recco = db.getCollection("tracks").find(Filters.eq("_id", byRecco)).first();
            assertNotNull(recco, "stored as a new track");
            assertEquals(List.of("reccobeats"), recco.getList("sources", String.class));
            assertEquals("Provider Song One", recco.getString("name"));
            assertEquals(List.of("Ed Sheeran"), recco.getList("artists", String.class));
            Document features = recco.get("features", Document.class);
            assertEquals(0.817, features.getDouble("acousticness"));
            assertEquals(101.96, features.getDouble("tempo"));
            assertEquals(-9.455, features.getDouble("loudness"));
            assertEquals(9, features.size(), "the nine features ReccoBeats gives; key and mode are not stored");
            assertTrue(recco.getList("genres", String.class).contains("uk pop"), "Ed Sheeran's tags from the artist tables");
            Document spotified = db.getCollection("tracks").find(Filters.eq("_id", bySpotify)).first();
            assertEquals(List.of("spotify"), spotified.getList("sources", String.class));
            assertEquals(0.842, spotified.get("features", Document.class).getDouble("energy"));
            assertEquals(List.of(), spotified.getList("genres", String.class), "no genre is invented");
            Document notFound = db.getCollection("track_resolutions").find(Filters.eq("_id", uri(unknown))).first();
            assertEquals("UNRESOLVED", notFound.getString("status"));
            assertTrue(notFound.getString("reason").contains("is not in the catalog; reccobeats: not found; spotify: not found"),
                    notFound.getString("reason"));
            assertEquals(null, db.getCollection("tracks").find(Filters.eq("_id", unknown)).first(), "nothing invented");
            assertEquals("reccobeats", db.getCollection("track_resolutions").find(Filters.eq("_id", uri(byRecco))).first()
                    .getString("source"));
        }

        // ReccoBeats was asked once for each id (repeated ids parameters, batched as they arrive); Spotify only for
        // what ReccoBeats lacked
        for (String id : List.of(byRecco, bySpotify, unknown)) {
            wm.verify(1, getRequestedFor(urlPathEqualTo(RECCOBEATS)).withQueryParam("ids", including(id)));
        }
        wm.verify(0, getRequestedFor(urlPathEqualTo(SPOTIFY)).withQueryParam("ids", equalTo(byRecco)));
        wm.verify(1, getRequestedFor(urlPathEqualTo(SPOTIFY)).withQueryParam("ids", equalTo(bySpotify))
                .withHeader("Authorization", equalTo("Bearer " + FeaturesProviderStubs.APP_TOKEN)));
        String basic = Base64.getEncoder().encodeToString((FeaturesProviderStubs.CLIENT_ID + ":"
                + FeaturesProviderStubs.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        assertTrue(wm.countRequestsMatching(postRequestedFor(urlPathEqualTo("/spotify-accounts/api/token"))
                .withHeader("Authorization", equalTo("Basic " + basic))
                .withRequestBody(containing("grant_type=client_credentials")).build()).getCount() >= 1);

        boolean announced = TopicEvents.since(TopicEvents.TRACK_FEATURES, mark).stream().anyMatch(e ->
                byRecco.equals(e.path("payload").path("trackId").asText())
                        && "reccobeats".equals(e.path("payload").path("source").asText())
                        && e.path("payload").path("genres").toString().contains("uk pop"));
        assertTrue(announced, "track.features-resolved from reccobeats");

        // the providers' answers are cached: the unknown track again (another user's import) costs no call
        String other = newUser();
        Map<String, Object> again = awaitEnriched(other, uploadBytes(other, "Streaming_History_Audio_2024.json", list(
                extended("2024-04-01T10:25:42Z", 200_000, uri(unknown), "Nobody Known " + unknown, "Provider Song Three"))));
        assertEquals(1, enrichment(again, "tracksUnresolved"));
        wm.verify(1, getRequestedFor(urlPathEqualTo(RECCOBEATS)).withQueryParam("ids", including(unknown)));
        wm.verify(1, getRequestedFor(urlPathEqualTo(SPOTIFY)).withQueryParam("ids", equalTo(unknown)));
        assertTrue(reason(unknown).contains("reccobeats: not found (cached answer)"), reason(unknown));
    }

    @Test
    @Order(2)
    void aShortRetryAfterIsWaitedOutAndTheCallMadeAgain() {
        String id = newId();
        WireMockServer wm = FeaturesProviderStubs.server();
        wm.stubFor(reccoBeats(id).inScenario("short-429-" + id).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("paused"));
        wm.stubFor(reccoBeats(id).inScenario("short-429-" + id).whenScenarioStateIs("paused")
                .willReturn(okJson(reccoBeatsAnswer(id, 0.1, 0.9, 128.0, -4.0))));

        String user = newUser();
        Map<String, Object> job = awaitEnriched(user, uploadBytes(user, "Streaming_History_Audio_2024.json", list(
                extended("2024-03-01T10:15:42Z", 200_000, uri(id), "Nobody Known " + id, "Short Pause"))));

        assertEquals(1, enrichment(job, "tracksResolved"));
        wm.verify(2, getRequestedFor(urlPathEqualTo(RECCOBEATS)).withQueryParam("ids", including(id)));
    }

    @Test
    @Order(3)
    void aLongRetryAfterPausesTheProviderAndTracksAreRecordedUnresolvedWithTheReason() {
        WireMockServer wm = FeaturesProviderStubs.server();
        StubMapping limited = wm.stubFor(get(urlPathEqualTo(RECCOBEATS)).atPriority(1)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")
                        .withHeader("Content-Type", "application/json").withBody("{\"status\":429}")));
        try {
            String first = newId();
            String user = newUser();
            Map<String, Object> job = awaitEnriched(user, uploadBytes(user, "Streaming_History_Audio_2024.json", list(
                    extended("2024-03-01T10:15:42Z", 200_000, uri(first), "Nobody Known " + first, "Paused One"))));
            assertEquals(1, enrichment(job, "tracksUnresolved"));
            assertTrue(reason(first).contains("reccobeats: rate limited (429) until"), reason(first));
            assertTrue(reason(first).contains("spotify: not found"), "the next provider is still asked: " + reason(first));
            wm.verify(1, getRequestedFor(urlPathEqualTo(RECCOBEATS)).withQueryParam("ids", including(first)));

            // while paused, ReccoBeats is not called at all
            String second = newId();
            String other = newUser();
            awaitEnriched(other, uploadBytes(other, "Streaming_History_Audio_2024.json", list(
                    extended("2024-03-01T11:15:42Z", 200_000, uri(second), "Nobody Known " + second, "Paused Two"))));
            wm.verify(0, getRequestedFor(urlPathEqualTo(RECCOBEATS)).withQueryParam("ids", including(second)));
            assertTrue(reason(second).contains("reccobeats: rate limited (429) until"), reason(second));
        } finally {
            wm.removeStub(limited);
        }
    }

    @Test
    @Order(4)
    void serverErrorsOpenTheBreakerSoThatTheProviderIsNoLongerCalled() {
        WireMockServer wm = FeaturesProviderStubs.server();
        StubMapping failing = wm.stubFor(get(urlPathEqualTo(SPOTIFY)).atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("upstream trouble")));
        try {
            List<String> ids = new ArrayList<>();
            List<String> records = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String id = newId();
                ids.add(id);
                records.add(extended("2024-03-01T1" + i + ":15:42Z", 200_000, uri(id), "Nobody Known " + id, "Failing " + i));
            }
            String user = newUser();
            Map<String, Object> job = awaitEnriched(user, uploadBytes(user, "Streaming_History_Audio_2024.json",
                    list(records.toArray(String[]::new))));
            assertEquals(6, enrichment(job, "tracksUnresolved"));
            long called = ids.stream().filter(id -> count(wm, getRequestedFor(urlPathEqualTo(SPOTIFY))
                    .withQueryParam("ids", equalTo(id))) > 0).count();
            assertTrue(called < 6, "the breaker stopped the calls after the failures (" + called + " of 6 were made)");
            assertTrue(ids.stream().anyMatch(id -> reason(id).contains("spotify failed with 500")
                    || reason(id).contains("spotify: failed with 500")), "a 500 is recorded as the reason");
            assertTrue(ids.stream().anyMatch(id -> reason(id).contains("spotify: circuit open")), "circuit open recorded");

            // the breaker stays open: a later track is not sent to Spotify at all
            String later = newId();
            String other = newUser();
            awaitEnriched(other, uploadBytes(other, "Streaming_History_Audio_2024.json", list(
                    extended("2024-03-02T10:15:42Z", 200_000, uri(later), "Nobody Known " + later, "Later"))));
            assertEquals(0, count(wm, getRequestedFor(urlPathEqualTo(SPOTIFY)).withQueryParam("ids", equalTo(later))));
            assertTrue(reason(later).contains("spotify: circuit open"), reason(later));
        } finally {
            wm.removeStub(failing);
        }
    }

    // ---- stubs in the providers' real shapes

    private static MappingBuilder reccoBeats(String id) {
        return get(urlPathEqualTo(RECCOBEATS)).atPriority(5).withQueryParam("ids", including(id));
    }

    private static MappingBuilder spotify(String id) {
        return get(urlPathEqualTo(SPOTIFY)).atPriority(5).withQueryParam("ids", equalTo(id))
                .withHeader("Authorization", equalTo("Bearer " + FeaturesProviderStubs.APP_TOKEN));
    }

    /** ReccoBeats: rows keyed by its own UUID; the Spotify id only in href; key and mode present, no time_signature. */
    private static String reccoBeatsAnswer(String id, double acousticness, double energy, double tempo, double loudness) {
        return """
                {"content":[{"id":"70b85474-5c5e-4430-a309-f1d71ee5cb23","href":"https://open.spotify.com/track/%s",\
                "isrc":"USUG12103683","acousticness":%s,"danceability":0.606,"energy":%s,"instrumentalness":0.0,\
                "key":0,"liveness":0.154,"loudness":%s,"mode":1,"speechiness":0.0275,"tempo":%s,"valence":0.446}]}"""
                .formatted(id, acousticness, energy, loudness, tempo);
    }

    private static String spotifyAnswer(String id, double danceability, double energy, double tempo, double loudness) {
        return """
                {"audio_features":[{"acousticness":0.00242,"analysis_url":"https://api.spotify.com/v1/audio-analysis/%s",\
                "danceability":%s,"duration_ms":212040,"energy":%s,"id":"%s","instrumentalness":0.00686,"key":9,\
                "liveness":0.0866,"loudness":%s,"mode":0,"speechiness":0.0556,"tempo":%s,"time_signature":4,\
                "track_href":"https://api.spotify.com/v1/tracks/%s","type":"audio_features",\
                "uri":"spotify:track:%s","valence":0.428}]}"""
                .formatted(id, danceability, energy, id, loudness, tempo, id, id);
    }

    // ---- helpers

    private static String newId() {
        String id = randomTrackId();
        CREATED.add(id);
        return id;
    }

    private static String uri(String id) {
        return "spotify:track:" + id;
    }

    private static long count(WireMockServer wm, RequestPatternBuilder pattern) {
        return wm.countRequestsMatching(pattern.build()).getCount();
    }

    private static String reason(String id) {
        try (MongoClient client = CatalogFixtures.mongo()) {
            Document d = CatalogFixtures.echotune(client).getCollection("track_resolutions")
                    .find(Filters.eq("_id", uri(id))).first();
            return d == null ? "" : String.valueOf(d.getString("reason"));
        }
    }
}

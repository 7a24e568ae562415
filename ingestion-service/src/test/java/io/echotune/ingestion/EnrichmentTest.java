package io.echotune.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.echotune.commons.music.TrackNames;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.echotune.ingestion.CatalogFixtures.awaitEnriched;
import static io.echotune.ingestion.CatalogFixtures.enrichment;
import static io.echotune.ingestion.ImportFixtures.as;
import static io.echotune.ingestion.ImportFixtures.basic;
import static io.echotune.ingestion.ImportFixtures.extended;
import static io.echotune.ingestion.ImportFixtures.list;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.streamingFiles;
import static io.echotune.ingestion.ImportFixtures.upload;
import static io.echotune.ingestion.ImportFixtures.uploadBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Enrichment of real exports against the loaded shared catalog, with no provider enabled (the default): the
 * coverage each import reports must be exactly what the files and the catalog CSVs say, computed here
 * independently; basic records resolve by normalised artist + title, also through an earlier extended import.
 */
@QuarkusTest
class EnrichmentTest {

    private static final String URI_PREFIX = "spotify:track:";

    /** Cheap once the catalog was loaded (one GET); the first time, about a minute. */
    @BeforeEach
    void catalogIsLoaded() {
        CatalogFixtures.ensureCatalogLoaded();
    }

    @AfterEach
    void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
    }

    @Test
    void anExtendedExportIsEnrichedFromTheCatalogWithExactCoverageAndAnnouncesWhatItResolved() {
        List<Path> files = streamingFiles("extended", "efrrowini");
        Map<String, String[]> tracks = CatalogFixtures.uniqueMusicTracks(files);
        Set<String> inCatalog = new HashSet<>();
        for (String key : tracks.keySet()) {
            if (key.startsWith(URI_PREFIX) && CatalogFixtures.catalogIds().contains(key.substring(URI_PREFIX.length()))) {
                inCatalog.add(key);
            }
        }
        Map<String, String> before = resolutions(tracks.keySet());
        Map<TopicPartition, Long> mark = TopicEvents.mark(TopicEvents.TRACK_FEATURES);

        String user = newUser();
        String importId = upload(user, files);
        Map<String, Object> job = awaitEnriched(user, importId);

        assertEquals(1_207, tracks.size(), "SOURCES.md: 1,207 unique tracks");
        assertEquals(tracks.size(), enrichment(job, "tracksSeen"));
        assertEquals(396, inCatalog.size(), "SOURCES.md: 396 of them are in the catalogs");
        assertEquals(inCatalog.size(), enrichment(job, "tracksResolved"));
        assertEquals(tracks.size() - inCatalog.size(), enrichment(job, "tracksUnresolved"));
        assertEquals(0, enrichment(job, "pending"));

        Map<String, String> after = resolutions(tracks.keySet());
        for (String key : tracks.keySet()) {
            assertEquals(inCatalog.contains(key) ? "RESOLVED" : "UNRESOLVED", after.get(key), key);
        }
        try (MongoClient client = CatalogFixtures.mongo()) {
            String missing = tracks.keySet().stream().filter(k -> !inCatalog.contains(k)).findFirst().orElseThrow();
            Document unresolved = CatalogFixtures.echotune(client).getCollection("track_resolutions")
                    .find(Filters.eq("_id", missing)).first();
            assertTrue(unresolved.getString("reason").contains("is not in the catalog"), unresolved.toJson());
            assertTrue(unresolved.getString("reason").contains("no features provider is enabled"), unresolved.toJson());
            String found = inCatalog.iterator().next();
            Document resolved = CatalogFixtures.echotune(client).getCollection("track_resolutions")
                    .find(Filters.eq("_id", found)).first();
            assertEquals("catalog", resolved.getString("source"));
            assertEquals(found.substring(URI_PREFIX.length()), resolved.getString("trackId"));
        }

        // every track resolved now (not already before this import) was announced with its features
        Set<String> announced = new HashSet<>();
        for (JsonNode event : TopicEvents.since(TopicEvents.TRACK_FEATURES, mark)) {
            if ("track.features-resolved".equals(event.path("type").asText())) {
                assertTrue(event.path("userId").isNull());
                assertEquals(1, event.path("schemaVersion").asInt());
                assertTrue(event.path("payload").path("features").size() > 0, event.toString());
                announced.add(URI_PREFIX + event.path("payload").path("trackId").asText());
            }
        }
        for (String key : inCatalog) {
            if (!"RESOLVED".equals(before.get(key))) {
                assertTrue(announced.contains(key), "no track.features-resolved for " + key);
            }
        }

        // the progress stream shows the coverage too
        String stream = as(user).accept("text/event-stream").when().get("/api/v1/imports/" + importId + "/events")
                .then().statusCode(200).extract().asString();
        String last = stream.lines().filter(l -> l.startsWith("data:")).reduce((a, b) -> b).orElseThrow();
        assertTrue(last.contains("\"enrichment\":{\"tracksSeen\":1207,\"tracksResolved\":396,\"tracksUnresolved\":811,"
                + "\"pending\":0}"), last);
    }

    @Test
    void aBasicExportResolvesByNormalisedArtistAndTitleWithExactCoverage() {
        List<Path> files = streamingFiles("basic", "bjayesh47");
        Map<String, String[]> tracks = CatalogFixtures.uniqueMusicTracks(files);
        Set<String> expected = new HashSet<>();
        try (MongoClient client = CatalogFixtures.mongo()) {
            MongoDatabase db = CatalogFixtures.echotune(client);
            Map<String, String> history = new HashMap<>();
            List<String> notInCatalog = tracks.keySet().stream()
                    .filter(k -> !CatalogFixtures.catalogNameKeys().contains(k)).toList();
            // names earlier extended imports (of any user) recorded: state of the store, the only input not in a file
            db.getCollection("track_names").find(Filters.in("_id", notInCatalog))
                    .forEach(d -> history.put(d.getString("_id"), d.getString("trackId")));
            Set<String> withFeatures = new HashSet<>();
            db.getCollection("tracks").find(Filters.in("_id", history.values()))
                    .forEach(d -> {
                        if (d.get("features", Document.class) != null && !d.get("features", Document.class).isEmpty()) {
                            withFeatures.add(d.getString("_id"));
                        }
                    });
            for (String key : tracks.keySet()) {
                if (CatalogFixtures.catalogNameKeys().contains(key)
                        || (history.containsKey(key) && withFeatures.contains(history.get(key)))) {
                    expected.add(key);
                }
            }
        }
        String user = newUser();
        Map<String, Object> job = awaitEnriched(user, upload(user, files));

        assertEquals(tracks.size(), enrichment(job, "tracksSeen"));
        assertEquals(expected.size(), enrichment(job, "tracksResolved"));
        assertEquals(tracks.size() - expected.size(), enrichment(job, "tracksUnresolved"));
        long byCatalogNames = tracks.keySet().stream().filter(CatalogFixtures.catalogNameKeys()::contains).count();
        assertEquals(1_354, tracks.size(), "unique artist-title pairs of bjayesh47");
        assertEquals(403, byCatalogNames, "403 of bjayesh47's 1,354 artist-title pairs are catalog names");
        Map<String, String> after = resolutions(tracks.keySet());
        for (String key : tracks.keySet()) {
            assertEquals(expected.contains(key) ? "RESOLVED" : "UNRESOLVED", after.get(key), key);
        }
    }

    @Test
    void aBasicRecordResolvesThroughTheUrisOfEarlierExtendedImportsOnceEnoughUsersAgree() {
        String trackId = unresolvedCatalogId();
        String artist = "Enrichment Test " + UUID.randomUUID();
        String title = "Known Only By Its URI";
        String nameKey = TrackNames.nameKey(artist, title);
        try {
            String first = newUser();
            Map<String, Object> before = awaitEnriched(first, uploadBytes(first, "StreamingHistory_music_0.json",
                    list(basic("2024-03-01 10:15", artist, title, 200_000))));
            assertEquals(1, enrichment(before, "tracksUnresolved"), "nothing names this track yet");
            assertTrue(reason(nameKey).contains("is neither in the catalog nor in an earlier extended import"));

            // One user's file decides nothing for anyone else: anybody can write any names next to any URI.
            Map<TopicPartition, Long> mark = TopicEvents.mark(TopicEvents.TRACK_FEATURES);
            String claimer = newUser();
            Map<String, Object> extendedJob = awaitEnriched(claimer, uploadBytes(claimer, "Streaming_History_Audio_2024.json",
                    list(extended("2024-03-02T10:15:42Z", 200_000, URI_PREFIX + trackId, artist, title))));
            assertEquals(1, enrichment(extendedJob, "tracksResolved"));
            boolean announced = TopicEvents.since(TopicEvents.TRACK_FEATURES, mark).stream().anyMatch(e ->
                    trackId.equals(e.path("payload").path("trackId").asText())
                            && "catalog".equals(e.path("payload").path("source").asText()));
            assertTrue(announced, "track.features-resolved for " + trackId);
            assertNull(trackName(nameKey), "a single claim does not enter the shared names");
            String third = newUser();
            Map<String, Object> stillUnknown = awaitEnriched(third, uploadBytes(third, "StreamingHistory_music_0.json",
                    list(basic("2024-03-05 18:00", artist, title, 180_000))));
            assertEquals(1, enrichment(stillUnknown, "tracksUnresolved"));

            // Two more users (three in all, the quorum) import the same names with the same URI.
            for (int i = 0; i < 2; i++) {
                String agreeing = newUser();
                awaitEnriched(agreeing, uploadBytes(agreeing, "Streaming_History_Audio_2024.json",
                        list(extended("2024-03-0" + (3 + i) + "T10:15:42Z", 200_000, URI_PREFIX + trackId, artist, title))));
            }
            Document name = trackName(nameKey);
            assertNotNull(name);
            assertEquals(trackId, name.getString("trackId"));
            assertEquals("history", name.getString("source"));

            String fourth = newUser();
            Map<String, Object> after = awaitEnriched(fourth, uploadBytes(fourth, "StreamingHistory_music_0.json",
                    list(basic("2024-03-06 18:00", artist, title, 180_000))));
            assertEquals(1, enrichment(after, "tracksSeen"));
            assertEquals(1, enrichment(after, "tracksResolved"));
            try (MongoClient client = CatalogFixtures.mongo()) {
                Document resolution = CatalogFixtures.echotune(client).getCollection("track_resolutions")
                        .find(Filters.eq("_id", nameKey)).first();
                assertEquals("RESOLVED", resolution.getString("status"));
                assertEquals(trackId, resolution.getString("trackId"));
            }
        } finally {
            try (MongoClient client = CatalogFixtures.mongo()) {
                MongoDatabase db = CatalogFixtures.echotune(client);
                db.getCollection("track_names").deleteOne(Filters.eq("_id", nameKey));
                db.getCollection("track_name_claims").deleteMany(Filters.eq("nameKey", nameKey));
                db.getCollection("track_resolutions").deleteOne(Filters.eq("_id", nameKey));
            }
        }
    }

    private static Document trackName(String nameKey) {
        try (MongoClient client = CatalogFixtures.mongo()) {
            return CatalogFixtures.echotune(client).getCollection("track_names").find(Filters.eq("_id", nameKey)).first();
        }
    }

    @Test
    void podcastsAndVideosAreNotTracksToEnrich() {
        String user = newUser();
        byte[] podcast = ("[{\"endTime\":\"2024-03-01 10:15\",\"podcastName\":\"A Show\",\"episodeName\":\"Ep 1\","
                + "\"msPlayed\":600000}]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> job = awaitEnriched(user, uploadBytes(user, "StreamingHistory_podcast_0.json", podcast));
        assertEquals(0, enrichment(job, "tracksSeen"));
        assertEquals(0, enrichment(job, "pending"));
    }

    /** A catalog track no import resolved by its URI yet (so resolving it now must announce it). */
    private static String unresolvedCatalogId() {
        List<String> ids = new ArrayList<>(CatalogFixtures.catalogIds());
        java.util.Collections.shuffle(ids);
        List<String> candidates = ids.subList(0, 50);
        Map<String, String> known = resolutions(candidates.stream().map(id -> URI_PREFIX + id).toList());
        return candidates.stream().filter(id -> !"RESOLVED".equals(known.get(URI_PREFIX + id))).findFirst().orElseThrow();
    }

    private static String reason(String trackKey) {
        try (MongoClient client = CatalogFixtures.mongo()) {
            Document d = CatalogFixtures.echotune(client).getCollection("track_resolutions")
                    .find(Filters.eq("_id", trackKey)).first();
            return d == null ? "" : String.valueOf(d.getString("reason"));
        }
    }

    /** track key -> status in track_resolutions, for the keys that have one. */
    private static Map<String, String> resolutions(java.util.Collection<String> keys) {
        Map<String, String> statuses = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        try (MongoClient client = CatalogFixtures.mongo()) {
            for (int from = 0; from < all.size(); from += 1000) {
                CatalogFixtures.echotune(client).getCollection("track_resolutions")
                        .find(Filters.in("_id", all.subList(from, Math.min(all.size(), from + 1000))))
                        .forEach(d -> statuses.put(d.getString("_id"), d.getString("status")));
            }
        }
        return statuses;
    }
}

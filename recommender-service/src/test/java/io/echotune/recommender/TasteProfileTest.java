package io.echotune.recommender;

import com.mongodb.client.model.Filters;
import io.echotune.commons.music.TrackNames;
import io.echotune.recommender.repository.ProfileRepository;
import io.echotune.recommender.support.RecommenderTestEnvironment;
import io.echotune.recommender.support.Stores;
import io.echotune.recommender.support.TestWaits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.echotune.recommender.RecommendationResourceTest.recommend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The taste profile: rebuilt from the whole history when {@code import.completed} arrives, updated from
 * {@code listening.records} (a redelivered batch changes nothing), erased on {@code user.deleted}, and never visible to
 * another user.
 */
@QuarkusTest
@WithTestResource(RecommenderTestEnvironment.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasteProfileTest {

    private final String listener = "user-" + UUID.randomUUID();
    private int records;

    @Inject
    ProfileRepository profiles;

    @BeforeAll
    void importARealHistory() {
        records = Stores.importHistory(listener, "basic/bjayesh47");
        Stores.completeImport(listener, records);
        Stores.awaitProfile(listener, records);
    }

    @AfterAll
    void removeIt() {
        Stores.removeUser(listener);
    }

    @Test
    void theProfileIsBuiltFromTheWholeHistoryWithTheFleetsDefinitions() {
        Document profile = Stores.profiles().find(Filters.eq("_id", listener)).first();
        List<Document> plays = Stores.plays(listener);
        long streams = plays.stream().filter(p -> ((Number) p.get("msPlayed")).longValue() >= 30_000).count();
        long skips = plays.stream().filter(p -> ((Number) p.get("msPlayed")).longValue() < 30_000).count();  // basic: no reason
        assertEquals(plays.size(), ((Number) profile.get("musicPlays")).longValue());
        assertEquals(streams, ((Number) profile.get("streams")).longValue());
        assertEquals(skips, ((Number) profile.get("skips")).longValue());

        // the most-streamed artist of the history carries its stream count in the profile
        Map<String, Long> byArtist = plays.stream().filter(p -> ((Number) p.get("msPlayed")).longValue() >= 30_000)
                .collect(Collectors.groupingBy(p -> TrackNames.normalise(p.getString("artistName")), Collectors.counting()));
        String top = byArtist.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        @SuppressWarnings("unchecked")
        Document artist = ((List<Document>) profile.get("artists")).stream().filter(a -> a.getString("key").equals(top))
                .findFirst().orElseThrow();
        assertEquals(byArtist.get(top).intValue(), artist.getInteger("streams"));
        assertFalse(((List<?>) profile.get("loved")).isEmpty(), "loved tracks for the co-listening model");
        assertFalse(((List<?>) profile.get("genres")).isEmpty(), "genre affinities, through the catalog and the artist table");
    }

    @Test
    void familiarBringsBackTheListenersOwnTracksAndExcludingRecentPlaysRemovesThem() {
        JsonPath familiar = recommend(listener, Map.of("count", 20, "novelty", "familiar"));
        List<String> ids = keys(familiar);
        Set<String> own = ownTracks();
        long mine = ids.stream().filter(own::contains).count();
        assertTrue(mine >= 10, mine + " of 20 familiar tracks are the listener's own");

        // the export ends in 2024: a ten-year window covers every play
        JsonPath fresh = recommend(listener, Map.of("count", 20, "novelty", "familiar", "excludePlayedWithinDays", 3650));
        assertTrue(keys(fresh).stream().noneMatch(own::contains), "no recently played track");
    }

    @Test
    void discoverLeavesOutEverythingTheListenerHasPlayed() {
        Set<String> own = ownTracks();
        JsonPath discover = recommend(listener, Map.of("count", 30, "novelty", "discover"));
        assertTrue(keys(discover).stream().noneMatch(own::contains));
    }

    @Test
    void anotherUserSeesNothingOfThisListenersTaste() {
        String stranger = "user-" + UUID.randomUUID();
        JsonPath mine = recommend(listener, Map.of("count", 20));
        JsonPath theirs = recommend(stranger, Map.of("count", 20));
        assertNotEquals(mine.getList("tracks.trackId"), theirs.getList("tracks.trackId"));
        for (Float taste : theirs.getList("tracks.components.taste", Float.class)) {
            assertEquals(0f, taste, "a stranger has no taste component");
        }
        assertTrue(theirs.<List<Map<String, Object>>>getList("tracks.evidence").stream().flatMap(List::stream)
                .noneMatch(e -> List.of("artist-plays", "track-plays", "genre-plays").contains(e.get("kind"))));
        assertEquals(0, Stores.profiles().countDocuments(Filters.eq("_id", stranger)));
    }

    @Test
    void listeningEventsUpdateTheProfileAndARedeliveredBatchChangesNothing() {
        String user = "user-" + UUID.randomUUID();
        try {
            awaitListeningConsumer();
            String first = listeningEvent(user, "batch-1", List.of(
                    record("r1", "2024-05-01T10:00:00Z", 200_000, "spotify:track:4uLU6hMCjMI75M1A2tKUQC", "Harvest Moon", "Neil Young", "trackdone"),
                    record("r2", "2024-05-01T10:04:00Z", 12_000, null, "Motion Sickness", "Phoebe Bridgers", "fwdbtn")));
            Stores.send("echotune.listening-events", user, first);
            Stores.send("echotune.listening-events", user, first);   // redelivered
            Stores.send("echotune.listening-events", user, listeningEvent(user, "batch-2", List.of(
                    record("r3", "2024-05-02T09:00:00Z", 180_000, null, "Motion Sickness", "Phoebe Bridgers", "trackdone"))));
            TestWaits.untilTrue("both batches applied", () -> {
                Document p = Stores.profiles().find(Filters.eq("_id", user)).first();
                return p != null && ((List<?>) p.get("appliedEvents")).size() == 2;
            });
            Document profile = Stores.profiles().find(Filters.eq("_id", user)).first();
            assertEquals(3L, ((Number) profile.get("musicPlays")).longValue(), "the redelivered batch was not counted again");
            assertEquals(1L, ((Number) profile.get("skips")).longValue());
            @SuppressWarnings("unchecked")
            Document phoebe = ((List<Document>) profile.get("artists")).stream()
                    .filter(a -> a.getString("key").equals("phoebe bridgers")).findFirst().orElseThrow();
            assertEquals(1, phoebe.getInteger("streams"));
            assertEquals(1, phoebe.getInteger("skips"));
        } finally {
            Stores.removeUser(user);
        }
    }

    /**
     * Requests check their cached profile against a small version document, kept beside the profile; one that is
     * missing (a profile from before it existed, or a write cut short) is read from the profile and written again.
     */
    @Test
    void everySavedVersionIsKeptBesideTheProfile() {
        long stored = ((Number) Stores.profiles().find(Filters.eq("_id", listener)).first().get("version")).longValue();
        assertEquals(stored, ((Number) Stores.profileVersions().find(Filters.eq("_id", listener)).first().get("version")).longValue());

        Stores.profileVersions().deleteOne(Filters.eq("_id", listener));
        assertEquals(stored, profiles.version(listener).await().atMost(Duration.ofSeconds(10)));
        assertEquals(stored, ((Number) Stores.profileVersions().find(Filters.eq("_id", listener)).first().get("version")).longValue());
        assertEquals(0L, profiles.version("user-" + UUID.randomUUID()).await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void erasureRemovesTheProfileAndTheFeedback() {
        String user = "user-" + UUID.randomUUID();
        int n = Stores.importHistory(user, "basic/anferben");
        Stores.completeImport(user, n);
        Stores.awaitProfile(user, n);
        Stores.feedback().insertOne(new Document("_id", UUID.randomUUID().toString()).append("userId", user)
                .append("trackId", "4uLU6hMCjMI75M1A2tKUQC").append("signal", "like").append("receivedAt", new java.util.Date())
                .append("published", true));
        Stores.send("echotune.user-events", user, Stores.envelope("user-deleted-" + user, "user.deleted", user, "{}"));
        TestWaits.untilTrue("the profile, its version and the feedback erased", () ->
                Stores.profiles().countDocuments(Filters.eq("_id", user)) == 0
                        && Stores.profileVersions().countDocuments(Filters.eq("_id", user)) == 0
                        && Stores.feedback().countDocuments(Filters.eq("userId", user)) == 0);
        Stores.removeUser(user);
    }

    /**
     * The listening consumer starts from the latest offset: until it has joined its group, an event can pass unseen.
     * Probe with throwaway users until one is applied.
     */
    static void awaitListeningConsumer() {
        String probe = "probe-" + UUID.randomUUID();
        int[] sent = {0};
        try {
            TestWaits.untilTrue("the listening consumer is live", () -> {
                if (Stores.profiles().countDocuments(Filters.eq("_id", probe)) > 0) {
                    return true;
                }
                Stores.send("echotune.listening-events", probe, listeningEvent(probe, "probe-" + (sent[0]++), List.of(
                        record("p" + sent[0], "2024-01-01T10:00:00Z", 100_000, null, "Probe", "Probe", "trackdone"))));
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Stores.profiles().countDocuments(Filters.eq("_id", probe)) > 0;
            });
        } finally {
            Stores.removeUser(probe);
        }
    }

    /** Each answered track's Spotify id, or for a track outside the catalog named without a URI its name key. */
    private static List<String> keys(JsonPath answer) {
        List<Map<String, Object>> tracks = answer.getList("tracks");
        return tracks.stream().map(t -> t.get("trackId") != null ? (String) t.get("trackId")
                : TrackNames.nameKey(((List<?>) t.get("artists")).getFirst().toString(), (String) t.get("name"))).toList();
    }

    /**
     * The listener's tracks: catalog tracks by id, and those outside the catalog by the id of their URI or by their
     * name key (a basic export names tracks only).
     */
    private Set<String> ownTracks() {
        Document profile = Stores.profiles().find(Filters.eq("_id", listener)).first();
        @SuppressWarnings("unchecked")
        List<Document> tracks = (List<Document>) profile.get("tracks");
        Set<String> own = tracks.stream().map(t -> t.getString("id")).collect(Collectors.toCollection(HashSet::new));
        @SuppressWarnings("unchecked")
        List<Document> outside = (List<Document>) profile.get("outsideTracks");
        outside.stream().map(t -> t.getString("id"))
                .forEach(key -> own.add(key.startsWith("spotify:track:") ? key.substring("spotify:track:".length()) : key));
        return own;
    }

    static String listeningEvent(String user, String batch, List<String> records) {
        return Stores.envelope("listen-" + user + "-" + batch, "listening.records", user,
                "{\"importId\": \"" + UUID.nameUUIDFromBytes(("imp-" + user).getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\", \"fileNo\": 0, \"batchNo\": 0, \"records\": [" + String.join(", ", records) + "]}");
    }

    static String record(String id, String endedAt, long msPlayed, String uri, String title, String artist, String reasonEnd) {
        return "{\"id\": \"" + id + "\", \"playKey\": null, \"playedAt\": " + java.time.Instant.parse(endedAt).toEpochMilli()
                + ", \"msPlayed\": " + msPlayed + ", \"contentType\": \"music\", \"trackUri\": "
                + (uri == null ? "null" : "\"" + uri + "\"") + ", \"trackKey\": \"" + (uri != null ? uri : TrackNames.nameKey(artist, title))
                + "\", \"trackName\": \"" + title + "\", \"artistName\": \"" + artist + "\", \"albumName\": null, "
                + "\"reasonStart\": \"clickrow\", \"reasonEnd\": \"" + reasonEnd + "\", \"skipped\": null, \"shuffle\": false, "
                + "\"offline\": false, \"platform\": \"android\", \"country\": \"SE\", \"source\": \"EXTENDED\"}";
    }
}

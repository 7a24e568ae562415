package io.echotune.ingestion;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.echotune.ingestion.history.HistoryPage;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.history.service.HistoryExport;
import io.echotune.ingestion.history.service.HistoryService;
import io.echotune.ingestion.history.service.HistoryWriter;
import io.echotune.ingestion.imports.ImportFormat;
import io.echotune.ingestion.imports.parsing.RecordIdentity;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.echotune.ingestion.ImportFixtures.newUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The {@code listening_history} documents every write path of the history writer stores, field by field, names,
 * types and order, as README "Stored document" declares them for the insights and recommender services; and what
 * the history page and the data export read back from them. One user's plays go through each path: a synced play,
 * new records of an import, a synced play replaced by the export's record of it, a basic play replaced by the
 * extended one (keeping the first import's attribution), a precise twin stored without the play key, and the
 * redelivery of a batch, which changes nothing.
 */
@QuarkusTest
class StoredPlayShapeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NEVER = "spotify:track:4uLU6hMCjMI75M1A2tKUQC";
    private static final String MOMENTS = "spotify:track:0Ofy3YPR4tF1Uq5OtYUOfz";
    private static final String OPEN_SEA = "spotify:track:2QWGkc7Tnz6672asv4BtLi";

    @Inject
    HistoryWriter writer;
    @Inject
    HistoryService service;
    @Inject
    HistoryExport export;
    @Inject
    ReactiveMongoDatabase database;

    @AfterAll
    static void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
    }

    /** The plays of {@link #writeEveryPath}, named for the path each takes. */
    private record Plays(ListeningRecord synced, ListeningRecord extended, ListeningRecord basic,
                         ListeningRecord replacesSynced, ListeningRecord replacesBasic, ListeningRecord twin,
                         UUID firstImport, UUID secondImport) {
    }

    @Test
    void everyWritePathStoresTheDocumentShapeTheReadersRelyOn() {
        String user = newUser();
        Plays p = writeEveryPath(user);

        List<Document> expected = new ArrayList<>(List.of(
                document(user, p.extended(), p.firstImport().toString(), 0, 0L, true),
                // the basic play's document is gone; the extended record keeps the first import's attribution
                document(user, p.replacesBasic(), p.firstImport().toString(), 0, 0L, true),
                // the synced play's document is gone; the export's record keeps the sync's (none)
                document(user, p.replacesSynced(), null, null, null, true),
                // the play key stays with the play stored first
                document(user, p.twin(), p.secondImport().toString(), 1, 2L, false)));
        expected.sort((a, b) -> a.getString("_id").compareTo(b.getString("_id")));
        List<Document> stored = storedPlays(user);

        assertEquals(expected, stored);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(new ArrayList<>(expected.get(i).keySet()), new ArrayList<>(stored.get(i).keySet()),
                    "field order of " + expected.get(i).getString("_id"));
        }
    }

    @Test
    void theHistoryPageAndTheExportReadWhatTheWriterStored() {
        String user = newUser();
        Plays p = writeEveryPath(user);

        HistoryPage first = service.page(user, null, null, "2", null).await().atMost(WAIT);
        assertEquals(List.of(item(p.replacesBasic()), item(p.extended())), first.items());
        assertNotNull(first.nextCursor());
        HistoryPage second = service.page(user, null, null, "2", first.nextCursor()).await().atMost(WAIT);
        assertEquals(List.of(item(p.twin()), item(p.replacesSynced())), second.items());
        assertNull(second.nextCursor());

        List<Map<String, Object>> audio = export.plays(user, false).collect().asList().await().atMost(WAIT);
        assertEquals(4, audio.size());
        Map<String, Object> extended = audio.get(2);   // oldest first: the replaced synced play, the twin, this
        assertEquals(List.of("ts", "platform", "ms_played", "conn_country", "ip_addr", "master_metadata_track_name",
                "master_metadata_album_artist_name", "master_metadata_album_album_name", "spotify_track_uri",
                "episode_name", "episode_show_name", "spotify_episode_uri", "audiobook_title", "audiobook_uri",
                "audiobook_chapter_uri", "audiobook_chapter_title", "reason_start", "reason_end", "shuffle", "skipped",
                "offline", "offline_timestamp", "incognito_mode"), new ArrayList<>(extended.keySet()));
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("ts", "2024-08-02T12:00:41Z");
        want.put("platform", "android");
        want.put("ms_played", 226_000L);
        want.put("conn_country", "DE");
        want.put("master_metadata_track_name", "Moments");
        want.put("master_metadata_album_artist_name", "MitiS");
        want.put("master_metadata_album_album_name", "Moments (album)");
        want.put("spotify_track_uri", MOMENTS);
        want.put("reason_start", "clickrow");
        want.put("reason_end", "endplay");
        want.put("shuffle", true);
        want.put("skipped", false);
        want.put("offline", false);
        want.forEach((field, value) -> assertEquals(value, extended.get(field), field));
        assertEquals(List.of(), export.plays(user, true).collect().asList().await().atMost(WAIT));
    }

    private Plays writeEveryPath(String user) {
        long syncedAt = Instant.parse("2024-08-02T11:56:55Z").toEpochMilli();
        ListeningRecord synced = record(user, syncedAt, 213_573, NEVER, "Rick Astley", "Never Gonna Give You Up",
                ImportFormat.SPOTIFY_RECENT);
        ListeningRecord extended = record(user, Instant.parse("2024-08-02T12:00:41Z").toEpochMilli(), 226_000, MOMENTS,
                "MitiS", "Moments", ImportFormat.EXTENDED);
        ListeningRecord basic = record(user, Instant.parse("2024-08-02T12:04:00Z").toEpochMilli(), 187_000, null,
                "MitiS", "Open Sea", ImportFormat.BASIC);
        // a partial play 3 s after the synced one: another identity, matched by track and time
        ListeningRecord replacesSynced = record(user, syncedAt + 3_000, 100_000, NEVER, "Rick Astley",
                "Never Gonna Give You Up", ImportFormat.EXTENDED);
        // the basic play's minute, names and msPlayed: its play key
        ListeningRecord replacesBasic = record(user, Instant.parse("2024-08-02T12:04:14Z").toEpochMilli(), 187_000,
                OPEN_SEA, "MitiS", "Open Sea", ImportFormat.EXTENDED);
        // the extended play's minute, names and msPlayed at another second: the same play key, a different play
        ListeningRecord twin = record(user, Instant.parse("2024-08-02T12:00:12Z").toEpochMilli(), 226_000, MOMENTS,
                "MitiS", "Moments", ImportFormat.EXTENDED);
        UUID firstImport = UUID.randomUUID();
        UUID secondImport = UUID.randomUUID();

        assertEquals(new HistoryWriter.Outcome(1, 0, 0, 1), writer.writeSynced(user, List.of(synced)).await().atMost(WAIT));
        assertEquals(new HistoryWriter.Outcome(2, 0, 0, 2),
                writer.write(user, firstImport, 0, 0, List.of(extended, basic)).await().atMost(WAIT));
        List<ListeningRecord> batch = List.of(replacesSynced, replacesBasic, twin);
        assertEquals(new HistoryWriter.Outcome(1, 2, 2, 1),
                writer.write(user, secondImport, 1, 2, batch).await().atMost(WAIT));
        List<Document> before = storedPlays(user);
        assertEquals(new HistoryWriter.Outcome(0, 0, 3, 1),
                writer.write(user, secondImport, 1, 2, batch).await().atMost(WAIT), "a redelivered batch");
        assertEquals(before, storedPlays(user), "a redelivered batch changes nothing");
        return new Plays(synced, extended, basic, replacesSynced, replacesBasic, twin, firstImport, secondImport);
    }

    private static ListeningRecord record(String user, long playedAt, long msPlayed, String uri, String artist,
                                          String title, ImportFormat source) {
        boolean precise = source == ImportFormat.EXTENDED;
        String trackKey = uri != null ? uri
                : "name:" + io.echotune.commons.music.TrackNames.normalise(artist) + "|"
                + io.echotune.commons.music.TrackNames.normalise(title);
        return new ListeningRecord(RecordIdentity.recordId(user, playedAt, trackKey, msPlayed),
                RecordIdentity.playKeyOf(user, playedAt, artist, title, msPlayed), playedAt, msPlayed, "music", uri,
                trackKey, title, artist, precise ? title + " (album)" : null, precise ? "clickrow" : null,
                precise ? "endplay" : null, precise ? Boolean.FALSE : null, precise ? Boolean.TRUE : null,
                precise ? Boolean.FALSE : null, precise ? "android" : null, precise ? "DE" : null, source);
    }

    /** The contract (README "Stored document"), written out here independently of the writer. */
    private static Document document(String user, ListeningRecord r, String importId, Integer fileNo, Long batchNo,
                                     boolean holdsPlayKey) {
        Document d = new Document("_id", r.id())
                .append("userId", user)
                .append("playedAt", new Date(r.playedAt()))
                .append("startedAt", new Date(r.playedAt() - r.msPlayed()))
                .append("msPlayed", r.msPlayed())
                .append("contentType", r.contentType())
                .append("trackUri", r.trackUri())
                .append("trackKey", r.trackKey())
                .append("trackName", r.trackName())
                .append("artistName", r.artistName())
                .append("albumName", r.albumName())
                .append("reasonStart", r.reasonStart())
                .append("reasonEnd", r.reasonEnd())
                .append("skipped", r.skipped())
                .append("shuffle", r.shuffle())
                .append("offline", r.offline())
                .append("platform", r.platform())
                .append("country", r.country())
                .append("source", r.source().name())
                .append("importId", importId)
                .append("importFileNo", fileNo)
                .append("importBatchNo", batchNo);
        return holdsPlayKey ? d.append("playKey", r.playKey()) : d;
    }

    private static HistoryPage.Item item(ListeningRecord r) {
        return new HistoryPage.Item(Instant.ofEpochMilli(r.playedAt()), r.msPlayed(), r.trackUri(), r.trackName(),
                r.artistName(), r.albumName(), r.reasonStart(), r.reasonEnd(), r.skipped(), r.shuffle(), r.platform(),
                r.contentType());
    }

    private List<Document> storedPlays(String user) {
        return database.getCollection("listening_history")
                .find(Filters.eq("userId", user), new FindOptions().sort(Sorts.ascending("_id")))
                .collect().asList().await().atMost(WAIT);
    }
}

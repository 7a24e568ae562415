package io.echotune.ingestion;

import io.echotune.commons.music.TrackNames;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.imports.ImportFormat;
import io.echotune.ingestion.imports.parsing.ContentSniffer;
import io.echotune.ingestion.imports.parsing.FieldLimits;
import io.echotune.ingestion.imports.parsing.HistoryFileReader;
import io.echotune.ingestion.imports.parsing.MalformedFileException;
import io.echotune.ingestion.imports.parsing.PlayNormaliser;
import io.echotune.ingestion.imports.parsing.RecordSink;
import io.echotune.ingestion.imports.parsing.ZipGuard;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parsing rules on their own, without servers. */
class ParsingTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;
    static final FieldLimits DEFAULT_LIMITS = new FieldLimits(1000, 200, 500, 100);
    static final int MAX_VALUE_CHARS = 100_000;

    private static List<ListeningRecord> read(String content, ImportFormat format, String user) throws Exception {
        List<ListeningRecord> records = new ArrayList<>();
        HistoryFileReader.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), format,
                MAX_VALUE_CHARS, new PlayNormaliser(user, format, false, 86_400_000L, NO_LIMIT, DEFAULT_LIMITS),
                new RecordSink() {
                    @Override
                    public void accepted(ListeningRecord record) {
                        records.add(record);
                    }

                    @Override
                    public void rejected(long recordNumber, String reason) {
                    }
                });
        return records;
    }

    @Test
    void namesNormaliseAcrossCaseAccentsAndWhiteSpace() {
        assertEquals("beyonce", TrackNames.normalise("  Beyoncé "));
        assertEquals(TrackNames.normalise("BEYONCE"), TrackNames.normalise("Beyonce\u0301"));
        assertEquals("sigur ros", TrackNames.normalise("Sigur\t Rós"));
        assertEquals("name:a|b c", TrackNames.nameKey("A", "B  C"));
    }

    @Test
    void aBasicAndAnExtendedRecordOfOnePlayShareTheirPlayKeyButNotTheirId() throws Exception {
        ListeningRecord ext = read("[" + ImportFixtures.extended("2024-03-01T10:15:42Z", 200_000,
                "spotify:track:0Ofy3YPR4tF1Uq5OtYUOfz", "Beyoncé", "Halo") + "]", ImportFormat.EXTENDED, "u").get(0);
        ListeningRecord bas = read("[" + ImportFixtures.basic("2024-03-01 10:15", "BEYONCE", "halo", 200_000) + "]",
                ImportFormat.BASIC, "u").get(0);
        assertEquals(ext.playKey(), bas.playKey());
        assertNotEquals(ext.id(), bas.id());
        assertEquals("spotify:track:0Ofy3YPR4tF1Uq5OtYUOfz", ext.trackKey());
        assertEquals("name:beyonce|halo", bas.trackKey());
        assertNull(bas.trackUri());
        // another user's identical play has other keys
        ListeningRecord other = read("[" + ImportFixtures.basic("2024-03-01 10:15", "BEYONCE", "halo", 200_000) + "]",
                ImportFormat.BASIC, "v").get(0);
        assertNotEquals(bas.id(), other.id());
        assertNotEquals(bas.playKey(), other.playKey());
    }

    @Test
    void podcastsKeepEpisodeAndShowAsTrackAndArtist() throws Exception {
        String episode = "[{\"ts\":\"2026-01-04T11:41:14Z\",\"ms_played\":87957,\"master_metadata_track_name\":null,"
                + "\"spotify_track_uri\":null,\"episode_name\":\"Ep. 1\",\"episode_show_name\":\"The Show\","
                + "\"spotify_episode_uri\":\"spotify:episode:6cwUwUHoJqTx2ndlRNdl1K\",\"ip_addr\":\"1.2.3.4\"}]";
        ListeningRecord r = read(episode, ImportFormat.EXTENDED, "u").get(0);
        assertEquals("podcast", r.contentType());
        assertEquals("Ep. 1", r.trackName());
        assertEquals("The Show", r.artistName());
        assertEquals("spotify:episode:6cwUwUHoJqTx2ndlRNdl1K", r.trackUri());
    }

    @Test
    void contentDecidesTheFormatNotTheName() throws Exception {
        byte[] extended = "[{\"ts\":\"2024-01-01T00:00:00Z\",\"ms_played\":1}]".getBytes(StandardCharsets.UTF_8);
        byte[] basic = "\uFEFF[ {\"endTime\":\"2024-01-01 00:00\",\"msPlayed\":1}]".getBytes(StandardCharsets.UTF_8);
        byte[] csv = "ts,ms_played,spotify_track_uri\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(ImportFormat.EXTENDED, ContentSniffer.sniff(() -> new ByteArrayInputStream(extended), "x.bin").format());
        assertEquals(ImportFormat.BASIC, ContentSniffer.sniff(() -> new ByteArrayInputStream(basic), "endsong_1.json").format());
        assertEquals(ImportFormat.CSV, ContentSniffer.sniff(() -> new ByteArrayInputStream(csv), "data").format());
        assertEquals(ContentSniffer.Kind.ZIP, ContentSniffer.sniff(() -> new ByteArrayInputStream(
                ImportFixtures.zip(z -> ImportFixtures.entry(z, "a", new byte[] {1}))), "x.json").kind());
    }

    @Test
    void structuralProblemsFailTheFile() {
        assertThrows(MalformedFileException.class, () -> read("[{\"ts\":\"2024-01-01T00:00:00Z\"}] trailing",
                ImportFormat.EXTENDED, "u"));
        assertThrows(MalformedFileException.class, () -> read("[{\"ts\":[1]}]", ImportFormat.EXTENDED, "u"));
        assertThrows(MalformedFileException.class, () -> read("[{\"ts\":\"2024-", ImportFormat.EXTENDED, "u"));
    }

    @Test
    void unsafeZipPathsAreRecognised() {
        assertTrue(ZipGuard.unsafePath("../x"));
        assertTrue(ZipGuard.unsafePath("a/../../x"));
        assertTrue(ZipGuard.unsafePath("/etc/passwd"));
        assertTrue(ZipGuard.unsafePath("C:\\Windows\\x"));
        assertTrue(ZipGuard.unsafePath("a\\..\\x"));
        assertFalse(ZipGuard.unsafePath("Spotify Extended Streaming History/Streaming_History_Audio_2024.json"));
        assertFalse(ZipGuard.unsafePath("a/..b/c"));
    }
}

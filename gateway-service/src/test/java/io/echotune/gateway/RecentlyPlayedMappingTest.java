package io.echotune.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.gateway.client.RecentlyPlayedPage;
import io.echotune.gateway.client.SyncedPlaysClient;
import io.echotune.gateway.service.RecentlyPlayedMapping;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a recently-played item becomes a play in the export's terms: the end time is {@code played_at} to the second
 * (Spotify stamps a play when it ends), {@code ms_played} the track's duration (a full play is assumed).
 */
class RecentlyPlayedMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void playedAtIsTheEndTimeToTheSecondAndTheDurationIsTheTimePlayed() throws IOException {
        RecentlyPlayedPage page = JSON.readValue("""
                {"items": [{"track": {"album": {"album_type": "album", "name": "Whenever You Need Somebody"},
                  "artists": [{"name": "Rick Astley", "type": "artist"}, {"name": "Second Artist", "type": "artist"}],
                  "duration_ms": 213573, "explicit": false, "id": "4uLU6hMCjMI75M1A2tKUQC", "is_local": false,
                  "name": "Never Gonna Give You Up", "type": "track", "uri": "spotify:track:4uLU6hMCjMI75M1A2tKUQC"},
                  "played_at": "2024-08-02T11:56:55.987Z", "context": null}],
                 "next": null, "cursors": {"after": "1722599815987", "before": "1722599815987"}, "limit": 50,
                 "href": "https://api.spotify.com/v1/me/player/recently-played?limit=50"}""", RecentlyPlayedPage.class);

        SyncedPlaysClient.Play play = RecentlyPlayedMapping.toPlay(page.items().getFirst()).orElseThrow();

        assertEquals(new SyncedPlaysClient.Play("2024-08-02T11:56:55Z", 213_573, "spotify:track:4uLU6hMCjMI75M1A2tKUQC",
                "Never Gonna Give You Up", "Rick Astley", "Whenever You Need Somebody"), play);
        assertEquals("1722599815987", page.cursors().after());
    }

    @Test
    void itemsThatCannotBeMappedAreLeftOut() {
        var track = new RecentlyPlayedPage.Track("spotify:track:x", "X", 1000L, List.of(), null);
        assertTrue(RecentlyPlayedMapping.toPlay(new RecentlyPlayedPage.PlayHistory(null, "2024-08-02T11:56:55Z")).isEmpty());
        assertTrue(RecentlyPlayedMapping.toPlay(new RecentlyPlayedPage.PlayHistory(track, null)).isEmpty());
        assertTrue(RecentlyPlayedMapping.toPlay(new RecentlyPlayedPage.PlayHistory(track, "last tuesday")).isEmpty());
        assertTrue(RecentlyPlayedMapping.toPlay(new RecentlyPlayedPage.PlayHistory(
                new RecentlyPlayedPage.Track("spotify:track:x", "X", null, List.of(), null), "2024-08-02T11:56:55Z")).isEmpty());
        // no artists and no album: still a play, identified by its URI
        assertEquals(Optional.of(new SyncedPlaysClient.Play("2024-08-02T11:56:55Z", 1000, "spotify:track:x", "X", null, null)),
                RecentlyPlayedMapping.toPlay(new RecentlyPlayedPage.PlayHistory(track, "2024-08-02T11:56:55.001Z")));
    }

    /**
     * A real play of a shared export (a {@code trackdone} play of a track in the shared catalog), as Spotify's
     * recently-played endpoint lists it: the track with the catalog's {@code duration_ms}, {@code played_at} somewhere in
     * the second the export's {@code ts} names. The mapping gives the export record's {@code ts} and {@code ms_played}
     * exactly, hence the same record identity.
     */
    @Test
    void aRealFullPlayOfTheExportMapsToItsExactRecord() throws IOException {
        Path data = Path.of(System.getenv().getOrDefault("ECHOTUNE_SHARED_DATA", "/work/shared/data"));
        Map<String, Long> durations = catalogDurations(data.resolve("catalog/tidytuesday_spotify_songs.csv"));
        JsonNode record = null;
        for (JsonNode r : JSON.readTree(data.resolve("history/extended/primoscope/Streaming_History_Audio_2025_16.json").toFile())) {
            String uri = r.path("spotify_track_uri").asText(null);
            if (uri != null && "trackdone".equals(r.path("reason_end").asText())
                    && Long.valueOf(r.path("ms_played").asLong()).equals(durations.get(uri.substring("spotify:track:".length())))) {
                record = r;
                break;
            }
        }
        assertNotNull(record, "the shared data holds a full play of a catalog track");
        String uri = record.get("spotify_track_uri").asText();
        Instant playedAt = Instant.parse(record.get("ts").asText()).plusMillis(734);   // Spotify's ms, within that second
        RecentlyPlayedPage.PlayHistory item = new RecentlyPlayedPage.PlayHistory(new RecentlyPlayedPage.Track(uri,
                record.get("master_metadata_track_name").asText(), durations.get(uri.substring("spotify:track:".length())),
                List.of(new RecentlyPlayedPage.Artist(record.get("master_metadata_album_artist_name").asText())),
                new RecentlyPlayedPage.Album(record.get("master_metadata_album_album_name").asText())), playedAt.toString());

        SyncedPlaysClient.Play play = RecentlyPlayedMapping.toPlay(item).orElseThrow();

        assertEquals(record.get("ts").asText(), play.endTime());
        assertEquals(record.get("ms_played").asLong(), play.msPlayed());
        assertEquals(uri, play.trackUri());
        assertEquals(record.get("master_metadata_album_artist_name").asText(), play.artistName());
    }

    /** track_id -> duration_ms of a catalog CSV with a header row (quoted fields may hold commas). */
    private static Map<String, Long> catalogDurations(Path csv) throws IOException {
        Map<String, Long> durations = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<String> header = fields(in.readLine());
            int id = header.indexOf("track_id");
            int duration = header.indexOf("duration_ms");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                List<String> row = fields(line);
                if (row.size() == header.size()) {
                    try {
                        durations.put(row.get(id), (long) Double.parseDouble(row.get(duration)));
                    } catch (NumberFormatException ignored) {
                        // a row broken across lines: not needed
                    }
                }
            }
        }
        return durations;
    }

    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}

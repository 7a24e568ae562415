package io.echotune.insights;

import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Listening records and catalog documents in the shapes ingestion-service and the catalog loader store (the golden
 * files of its ReaderContractsTest; IngestionStoresContractTest reads those through the real repositories).
 */
final class HistoryFixtures {

    private HistoryFixtures() {
    }

    /** An extended-export music play of {@code trackUri} by {@code artist} that ended at {@code playedAt}. */
    static Document musicPlay(String user, String playedAt, String trackUri, String track, String artist,
                              long msPlayed, String reasonEnd) {
        Instant end = Instant.parse(playedAt);
        String identity = user + "|" + UUID.randomUUID();
        return new Document("_id", SpotifyExportLoader.recordId(identity))
                .append("userId", user)
                .append("playedAt", Date.from(end))
                .append("startedAt", Date.from(end.minusMillis(msPlayed)))
                .append("msPlayed", msPlayed)
                .append("contentType", "music")
                .append("trackUri", trackUri)
                .append("trackKey", trackUri != null ? trackUri : SpotifyExportLoader.nameKey(artist, track))
                .append("trackName", track)
                .append("artistName", artist)
                .append("albumName", "Album of " + artist)
                .append("reasonStart", "clickrow")
                .append("reasonEnd", reasonEnd)
                .append("skipped", null)
                .append("shuffle", false)
                .append("offline", false)
                .append("platform", "linux")
                .append("country", "DE")
                .append("source", trackUri != null ? "EXTENDED" : "BASIC")
                .append("importId", "import-test")
                .append("importFileNo", 0)
                .append("importBatchNo", 0L)
                .append("playKey", SpotifyExportLoader.playKey(identity));
    }

    /** A random, valid-looking Spotify track id, so test catalog entries never collide with real ones. */
    static String randomTrackId() {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder id = new StringBuilder("zz");
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        while (id.length() < 22) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    static Document catalogTrack(String id, String name, java.util.List<String> genres, Double valence, Double energy) {
        // a track without features holds {} (what the catalog loader writes on insert), never null
        Document features = valence == null ? new Document() : new Document("danceability", 0.5).append("energy", energy)
                .append("valence", valence).append("tempo", 120.0).append("acousticness", 0.1)
                .append("instrumentalness", 0.0).append("speechiness", 0.05).append("liveness", 0.1)
                .append("loudness", -6.0);
        return new Document("_id", id).append("name", name).append("artists", java.util.List.of("Test Artist"))
                .append("album", "Test Album").append("genres", genres).append("features", features)
                .append("popularity", 50).append("sources", java.util.List.of("insights-test"));
    }
}

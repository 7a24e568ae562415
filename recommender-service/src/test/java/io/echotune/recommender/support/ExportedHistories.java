package io.echotune.recommender.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.music.TrackNames;
import org.bson.Document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A test-side importer of the real exports in {@code shared/data/history}: each play as the ingestion service stores it
 * in {@code listening_history} (its README, "Stored document"). Extended exports: {@code ts} (end, UTC),
 * {@code ms_played}, {@code spotify_track_uri}, {@code master_metadata_*}, {@code reason_*}, {@code skipped},
 * {@code shuffle}, {@code offline}; podcast and audiobook rows keep their content type; video files are video.
 * Basic exports: {@code endTime} ("yyyy-MM-dd HH:mm", UTC), {@code artistName}, {@code trackName}, {@code msPlayed},
 * music, keyed by the normalised artist and title.
 */
public final class ExportedHistories {

    /** One stored play (the fields the recommender reads, plus the rest of the shape). */
    public record StoredPlay(Instant playedAt, long msPlayed, String contentType, String trackUri, String trackKey,
                             String trackName, String artistName, String albumName, String reasonStart,
                             String reasonEnd, Boolean skipped, Boolean shuffle, String source) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter BASIC_END = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private ExportedHistories() {
    }

    /** Every play of one export folder, e.g. {@code extended/efrrowini} or {@code basic/anferben}, in file order. */
    public static List<StoredPlay> load(String export) {
        Path dir = SharedData.directory().resolve("history").resolve(export);
        List<StoredPlay> plays = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (export.startsWith("extended/") && name.startsWith("Streaming_History_") && name.endsWith(".json")) {
                    readExtended(file, name.startsWith("Streaming_History_Video"), plays);
                } else if (export.startsWith("basic/") && name.startsWith("StreamingHistory") && name.endsWith(".json")) {
                    readBasic(file, plays);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return plays;
    }

    private static void readExtended(Path file, boolean video, List<StoredPlay> out) throws IOException {
        for (JsonNode row : JSON.readTree(file.toFile())) {
            String kind = "music";
            String uri = text(row, "spotify_track_uri");
            String title = text(row, "master_metadata_track_name");
            String artist = text(row, "master_metadata_album_artist_name");
            String album = text(row, "master_metadata_album_album_name");
            if (text(row, "spotify_episode_uri") != null || text(row, "episode_name") != null) {
                kind = "podcast";
                uri = text(row, "spotify_episode_uri");
                title = text(row, "episode_name");
                artist = text(row, "episode_show_name");
                album = null;
            } else if (text(row, "audiobook_uri") != null || text(row, "audiobook_title") != null) {
                kind = "audiobook";
                uri = text(row, "audiobook_chapter_uri") != null ? text(row, "audiobook_chapter_uri") : text(row, "audiobook_uri");
                title = text(row, "audiobook_chapter_title") != null ? text(row, "audiobook_chapter_title") : text(row, "audiobook_title");
                artist = text(row, "audiobook_title");
                album = null;
            }
            if (video) {
                kind = "video";
            }
            if (uri == null && (title == null || artist == null)) {
                continue;   // ingestion rejects these: nothing identifies the play
            }
            out.add(new StoredPlay(Instant.parse(row.get("ts").asText()), row.get("ms_played").asLong(), kind, uri,
                    uri != null ? uri : TrackNames.nameKey(artist, title), title, artist, album, text(row, "reason_start"),
                    text(row, "reason_end"), bool(row, "skipped"), bool(row, "shuffle"), "EXTENDED"));
        }
    }

    private static void readBasic(Path file, List<StoredPlay> out) throws IOException {
        for (JsonNode row : JSON.readTree(file.toFile())) {
            String artist = text(row, "artistName");
            String title = text(row, "trackName");
            if (artist == null || title == null) {
                continue;
            }
            Instant end = LocalDateTime.parse(row.get("endTime").asText(), BASIC_END).toInstant(ZoneOffset.UTC);
            out.add(new StoredPlay(end, row.get("msPlayed").asLong(), "music", null, TrackNames.nameKey(artist, title),
                    title, artist, null, null, null, null, null, "BASIC"));
        }
    }

    /** The listening_history documents of a user's plays; ids are unique per user and position. */
    public static List<Document> documents(String userId, List<StoredPlay> plays) {
        List<Document> out = new ArrayList<>(plays.size());
        for (int i = 0; i < plays.size(); i++) {
            StoredPlay p = plays.get(i);
            // the owner's formats: a 44-hex-digit id, a 40-hex-digit play key (ingestion README "Identity")
            out.add(new Document("_id", sha256(userId + "|" + i).substring(0, 44))
                    .append("userId", userId)
                    .append("playedAt", Date.from(p.playedAt()))
                    .append("startedAt", Date.from(p.playedAt().minusMillis(p.msPlayed())))
                    .append("msPlayed", p.msPlayed())
                    .append("contentType", p.contentType())
                    .append("trackUri", p.trackUri())
                    .append("trackKey", p.trackKey())
                    .append("trackName", p.trackName())
                    .append("artistName", p.artistName())
                    .append("albumName", p.albumName())
                    .append("reasonStart", p.reasonStart())
                    .append("reasonEnd", p.reasonEnd())
                    .append("skipped", p.skipped())
                    .append("shuffle", p.shuffle())
                    .append("offline", null)
                    .append("platform", null)
                    .append("country", null)
                    .append("source", p.source())
                    .append("importId", "import-" + userId)
                    .append("importFileNo", 0)
                    .append("importBatchNo", 0L)
                    .append("playKey", sha256("playKey|" + userId + "|" + i).substring(0, 40)));
        }
        return out;
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Boolean bool(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asBoolean();
    }

    static String sha256(String identity) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.echotune.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.Document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A small test-side importer: maps the raw exports in {@code $ECHOTUNE_SHARED_DATA/history} to listening records in
 * the shape ingestion-service writes to {@code listening_history}. Extended exports: {@code ts} (end, UTC),
 * {@code ms_played}, {@code spotify_track_uri}, {@code master_metadata_*}, {@code reason_*}, {@code skipped},
 * {@code shuffle}, {@code offline}; {@code episode_*} rows are podcasts, {@code audiobook_*} rows audiobooks,
 * {@code Streaming_History_Video_*} files video. Basic exports: {@code endTime} ("yyyy-MM-dd HH:mm", UTC),
 * {@code artistName}, {@code trackName}, {@code msPlayed}, all music, keyed by normalised artist and title.
 */
final class SpotifyExportLoader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter BASIC_END = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private SpotifyExportLoader() {
    }

    static Path historyRoot() {
        String shared = System.getenv("ECHOTUNE_SHARED_DATA");
        Path root = shared != null && !shared.isBlank() ? Path.of(shared) : Path.of("../../shared/data");
        return root.resolve("history");
    }

    /** Every play of one export folder, e.g. {@code extended/efrrowini} or {@code basic/anferben}. */
    static List<ExportedPlay> load(String export) throws IOException {
        Path dir = historyRoot().resolve(export);
        List<ExportedPlay> plays = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (export.startsWith("extended/") && name.startsWith("Streaming_History_") && name.endsWith(".json")) {
                    readExtended(file, name.startsWith("Streaming_History_Video"), plays);
                } else if (export.startsWith("basic/") && name.startsWith("StreamingHistory") && name.endsWith(".json")) {
                    readBasic(file, plays);
                }
            }
        }
        return plays;
    }

    private static void readExtended(Path file, boolean video, List<ExportedPlay> out) throws IOException {
        for (JsonNode row : JSON.readTree(file.toFile())) {
            String kind;
            String uri;
            String title;
            String artist;
            String album = null;
            if (text(row, "spotify_episode_uri") != null || text(row, "episode_name") != null
                    || text(row, "episode_show_name") != null) {
                kind = "podcast";
                uri = text(row, "spotify_episode_uri");
                title = text(row, "episode_name");
                artist = text(row, "episode_show_name");
            } else if (text(row, "audiobook_uri") != null || text(row, "audiobook_chapter_uri") != null
                    || text(row, "audiobook_title") != null) {
                kind = "audiobook";
                uri = text(row, "audiobook_chapter_uri") != null ? text(row, "audiobook_chapter_uri") : text(row, "audiobook_uri");
                title = text(row, "audiobook_chapter_title") != null ? text(row, "audiobook_chapter_title") : text(row, "audiobook_title");
                artist = text(row, "audiobook_title");
            } else {
                kind = "music";
                uri = text(row, "spotify_track_uri");
                title = text(row, "master_metadata_track_name");
                artist = text(row, "master_metadata_album_artist_name");
                album = text(row, "master_metadata_album_album_name");
            }
            if (video) {
                kind = "video";
            }
            if (uri == null && (title == null || artist == null)) {
                continue;   // ingestion rejects these: nothing identifies the play
            }
            String key = uri != null ? uri : nameKey(artist, title);
            out.add(new ExportedPlay(Instant.parse(row.get("ts").asText()), row.get("ms_played").asLong(), kind, uri,
                    key, title, artist, album, text(row, "reason_start"), text(row, "reason_end"),
                    bool(row, "skipped"), bool(row, "shuffle"), bool(row, "offline"), text(row, "platform"),
                    text(row, "conn_country"), "EXTENDED"));
        }
    }

    private static void readBasic(Path file, List<ExportedPlay> out) throws IOException {
        for (JsonNode row : JSON.readTree(file.toFile())) {
            String artist = text(row, "artistName");
            String title = text(row, "trackName");
            if (artist == null || title == null) {
                continue;
            }
            Instant end = LocalDateTime.parse(row.get("endTime").asText(), BASIC_END).toInstant(ZoneOffset.UTC);
            out.add(new ExportedPlay(end, row.get("msPlayed").asLong(), "music", null, nameKey(artist, title), title,
                    artist, null, null, null, null, null, null, null, null, "BASIC"));
        }
    }

    /** The listening_history document of a play; ids are unique per user and position. */
    static Document toDocument(String userId, int sequence, ExportedPlay play) {
        String identity = userId + "|" + sequence;
        return new Document("_id", recordId(identity))
                .append("userId", userId)
                .append("playedAt", Date.from(play.playedAt()))
                .append("startedAt", Date.from(play.startedAt()))
                .append("msPlayed", play.msPlayed())
                .append("contentType", play.contentType())
                .append("trackUri", play.trackUri())
                .append("trackKey", play.trackKey())
                .append("trackName", play.trackName())
                .append("artistName", play.artistName())
                .append("albumName", play.albumName())
                .append("reasonStart", play.reasonStart())
                .append("reasonEnd", play.reasonEnd())
                .append("skipped", play.skipped())
                .append("shuffle", play.shuffle())
                .append("offline", play.offline())
                .append("platform", play.platform())
                .append("country", play.country())
                .append("source", play.source())
                .append("importId", "import-" + userId)
                .append("importFileNo", 0)
                .append("importBatchNo", 0L)
                .append("playKey", playKey(identity));
    }

    /** An id in the owner's format (44 hex digits, not the 64 of the format it migrated away from). */
    static String recordId(String identity) {
        return sha256(identity).substring(0, 44);
    }

    /** A play key in the owner's format (40 hex digits), unique per identity like the id. */
    static String playKey(String identity) {
        return sha256("playKey|" + identity).substring(0, 40);
    }

    static List<Document> toDocuments(String userId, List<ExportedPlay> plays) {
        List<Document> documents = new ArrayList<>(plays.size());
        for (int i = 0; i < plays.size(); i++) {
            documents.add(toDocument(userId, i, plays.get(i)));
        }
        return documents;
    }

    /** ingestion-service's name key: NFKD, marks dropped, whitespace collapsed, trimmed, lower-case. */
    static String nameKey(String artist, String title) {
        return "name:" + normalise(artist) + "|" + normalise(title);
    }

    private static String normalise(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return decomposed.strip().replaceAll("[\\s\\p{Zs}]+", " ").toLowerCase(Locale.ROOT);
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

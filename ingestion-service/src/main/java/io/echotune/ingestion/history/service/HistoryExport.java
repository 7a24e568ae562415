package io.echotune.ingestion.history.service;

import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.history.repository.ListeningHistoryRepository;
import io.echotune.ingestion.imports.ImportJob;
import io.echotune.ingestion.imports.repository.ImportJobRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's listening history as Spotify's extended streaming history ({@code Streaming_History_Audio_*.json},
 * {@code Streaming_History_Video_*.json}; field names as Spotify writes them), so the data export can be imported
 * again here or elsewhere. Each stored play becomes one record: {@code ts} is the stored end time, names and URIs go
 * to the fields of their content type; what EchoTune never stores ({@code ip_addr}, {@code offline_timestamp},
 * {@code incognito_mode}) is null. Read from MongoDB as it is written out: never held in memory whole.
 */
@ApplicationScoped
public class HistoryExport {

    private static final int MAX_IMPORTS = 100_000;

    private final ListeningHistoryRepository history;
    private final ImportJobRepository jobs;

    public HistoryExport(ListeningHistoryRepository history, ImportJobRepository jobs) {
        this.history = history;
        this.jobs = jobs;
    }

    /** Audio (music, podcasts, audiobooks) or video plays, oldest first. */
    public Multi<Map<String, Object>> plays(String userId, boolean video) {
        return history.streamOwned(userId)
                .filter(play -> video == "video".equals(play.contentType()))
                .map(HistoryExport::toExtended);
    }

    public Uni<List<ImportJob>> imports(String userId) {
        return jobs.listOwned(userId, MAX_IMPORTS);
    }

    static Map<String, Object> toExtended(ListeningRecord play) {
        String type = play.contentType();
        String uri = play.trackUri();
        String name = play.trackName();
        String artist = play.artistName();
        boolean episode = "podcast".equals(type) || (uri != null && uri.startsWith("spotify:episode:"));
        boolean audiobook = "audiobook".equals(type);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("ts", Instant.ofEpochMilli(play.playedAt()).toString());
        record.put("platform", play.platform());
        record.put("ms_played", play.msPlayed());
        record.put("conn_country", play.country());
        record.put("ip_addr", null);
        record.put("master_metadata_track_name", episode || audiobook ? null : name);
        record.put("master_metadata_album_artist_name", episode || audiobook ? null : artist);
        record.put("master_metadata_album_album_name", episode || audiobook ? null : play.albumName());
        record.put("spotify_track_uri", episode || audiobook ? null : uri);
        record.put("episode_name", episode ? name : null);
        record.put("episode_show_name", episode ? artist : null);
        record.put("spotify_episode_uri", episode ? uri : null);
        record.put("audiobook_title", audiobook ? artist : null);
        record.put("audiobook_uri", audiobook && uri != null && !uri.contains(":chapter:") ? uri : null);
        record.put("audiobook_chapter_uri", audiobook && uri != null && uri.contains(":chapter:") ? uri : null);
        record.put("audiobook_chapter_title", audiobook ? name : null);
        record.put("reason_start", play.reasonStart());
        record.put("reason_end", play.reasonEnd());
        record.put("shuffle", play.shuffle());
        record.put("skipped", play.skipped());
        record.put("offline", play.offline());
        record.put("offline_timestamp", null);
        record.put("incognito_mode", null);
        return record;
    }
}

package io.echotune.ingestion.imports.parsing;

import io.echotune.commons.music.TrackNames;
import io.echotune.commons.time.PlausibleTime;
import io.echotune.ingestion.history.ContentType;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.imports.ImportFormat;

import java.time.Instant;

/**
 * Turns the raw fields of one record into a {@link ListeningRecord}, or says why the record is rejected.
 * One instance per file of an import: it knows the user, the format and whether the file holds video plays.
 */
public final class PlayNormaliser {

    private final String userId;
    private final ImportFormat format;
    private final boolean video;
    private final long maxPlayedMs;
    private final long latestEndMillis;
    private final FieldLimits limits;
    private String rejection;

    /**
     * @param maxPlayedMs     the longest believable single play
     * @param latestEndMillis end times after this instant are rejected as "in the future"
     * @param limits          the longest text each field may hold
     */
    public PlayNormaliser(String userId, ImportFormat format, boolean video, long maxPlayedMs, long latestEndMillis,
                          FieldLimits limits) {
        this.userId = userId;
        this.format = format;
        this.video = video;
        this.maxPlayedMs = maxPlayedMs;
        this.latestEndMillis = latestEndMillis;
        this.limits = limits;
    }

    /** Why the last {@link #normalise} call returned null. */
    public String rejection() {
        return rejection;
    }

    /**
     * One play that did not come from a file (the Spotify sync's), checked and identified by the same rules as a
     * file's record: {@code endTime} as an export's {@code ts}, {@code msPlayed} as its {@code ms_played} (null when
     * missing). Null when rejected, with the reason in {@link #rejection()}.
     */
    public ListeningRecord normalise(String endTime, Long msPlayed, String trackUri, String trackName,
                                     String artistName, String albumName) {
        RawPlay raw = new RawPlay();
        raw.reset();
        raw.endTimeField = "endTime";
        raw.endTime = endTime;
        if (msPlayed != null) {
            raw.msState = RawPlay.Number.OK;
            raw.msPlayed = msPlayed;
        }
        raw.trackUri = trackUri;
        raw.trackName = trackName;
        raw.artistName = artistName;
        raw.albumName = albumName;
        return normalise(raw);
    }

    ListeningRecord normalise(RawPlay raw) {
        String endField = raw.endTimeField != null ? raw.endTimeField : (format == ImportFormat.BASIC ? "endTime" : "ts");
        String msField = format == ImportFormat.BASIC || format == ImportFormat.SPOTIFY_RECENT ? "msPlayed" : "ms_played";
        if (raw.endTime == null) {
            return reject("missing end time (" + endField + ")");
        }
        long playedAt = Timestamps.parse(raw.endTime);
        if (playedAt == Timestamps.NOT_A_TIME) {
            return reject(endField + " '" + abbreviate(raw.endTime) + "' is not a valid time");
        }
        // years 1900-2200, the one range every service accepts: far outside it dates overflow downstream
        if (!PlausibleTime.isPlausibleEpochMilli(playedAt)) {
            return reject(endField + " '" + abbreviate(raw.endTime) + "' " + PlausibleTime.outOfRange());
        }
        String tooLong = tooLong(raw);
        if (tooLong != null) {
            return reject(tooLong);
        }
        switch (raw.msState) {
            case MISSING -> {
                return reject("missing " + msField);
            }
            case INVALID -> {
                return reject(msField + " '" + abbreviate(raw.msText) + "' is not a whole number");
            }
            case OK -> {
                // checked below
            }
        }
        long ms = raw.msPlayed;
        if (ms < 0) {
            return reject(msField + " is negative (" + ms + ")");
        }
        if (ms > maxPlayedMs) {
            return reject(msField + " " + ms + " is longer than " + (maxPlayedMs / 3_600_000) + " h");
        }
        if (playedAt > latestEndMillis) {
            return reject(endField + " " + Instant.ofEpochMilli(playedAt) + " is in the future");
        }

        ContentType kind;
        String uri;
        String title;
        String artist;
        String album;
        if (raw.episodeUri != null || raw.episodeName != null || raw.showName != null) {
            kind = ContentType.PODCAST;
            uri = raw.episodeUri;
            title = raw.episodeName;
            artist = raw.showName;
            album = null;
        } else if (raw.audiobookUri != null || raw.chapterUri != null || raw.audiobookTitle != null
                || raw.chapterTitle != null) {
            kind = ContentType.AUDIOBOOK;
            uri = raw.chapterUri != null ? raw.chapterUri : raw.audiobookUri;
            title = raw.chapterTitle != null ? raw.chapterTitle : raw.audiobookTitle;
            artist = raw.audiobookTitle;
            album = null;
        } else {
            kind = ContentType.MUSIC;
            uri = raw.trackUri;
            title = raw.trackName;
            artist = raw.artistName;
            album = raw.albumName;
        }
        if (video) {
            kind = ContentType.VIDEO;
        }
        if (format == ImportFormat.BASIC) {
            uri = null;   // basic exports carry no URIs; never trust one that appears
        }
        if (uri == null && (title == null || artist == null)) {
            return reject("has neither a URI nor both artist and title");
        }

        String normArtist = TrackNames.normalise(artist);
        String normTitle = TrackNames.normalise(title);
        String nameKey = title != null && artist != null ? "name:" + normArtist + "|" + normTitle : null;
        String trackKey = uri != null ? uri : nameKey;
        String id = RecordIdentity.recordId(userId, playedAt, trackKey, ms);
        String playKey = nameKey != null ? RecordIdentity.playKey(userId, playedAt, normArtist, normTitle, ms) : null;
        rejection = null;
        return new ListeningRecord(id, playKey, playedAt, ms, kind.value(), uri, trackKey, title, artist, album,
                raw.reasonStart, raw.reasonEnd, raw.skipped, raw.shuffle, raw.offline, raw.platform, raw.country,
                format);
    }

    /** The first field longer than its limit, as a reason naming the field and the limit; null when none is. */
    private String tooLong(RawPlay raw) {
        boolean basic = format == ImportFormat.BASIC;
        String reason;
        if ((reason = check(basic ? "trackName" : "master_metadata_track_name", raw.trackName, limits.name())) != null
                || (reason = check(basic ? "artistName" : "master_metadata_album_artist_name", raw.artistName, limits.name())) != null
                || (reason = check("master_metadata_album_album_name", raw.albumName, limits.name())) != null
                || (reason = check(basic ? "episodeName" : "episode_name", raw.episodeName, limits.name())) != null
                || (reason = check(basic ? "podcastName" : "episode_show_name", raw.showName, limits.name())) != null
                || (reason = check("audiobook_title", raw.audiobookTitle, limits.name())) != null
                || (reason = check("audiobook_chapter_title", raw.chapterTitle, limits.name())) != null
                || (reason = check("spotify_track_uri", raw.trackUri, limits.uri())) != null
                || (reason = check("spotify_episode_uri", raw.episodeUri, limits.uri())) != null
                || (reason = check("audiobook_uri", raw.audiobookUri, limits.uri())) != null
                || (reason = check("audiobook_chapter_uri", raw.chapterUri, limits.uri())) != null
                || (reason = check("platform", raw.platform, limits.platform())) != null
                || (reason = check("reason_start", raw.reasonStart, limits.code())) != null
                || (reason = check("reason_end", raw.reasonEnd, limits.code())) != null
                || (reason = check("conn_country", raw.country, limits.code())) != null) {
            return reason;
        }
        return null;
    }

    private static String check(String field, String value, int limit) {
        return value == null || value.length() <= limit ? null
                : field + " is longer than " + limit + " characters (" + value.length() + ")";
    }

    private ListeningRecord reject(String reason) {
        rejection = reason;
        return null;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}

package io.echotune.gateway.service;

import io.echotune.gateway.client.RecentlyPlayedPage;
import io.echotune.gateway.client.SyncedPlaysClient;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * How one item of Spotify's recently played tracks becomes a play in the export's terms (docs/privacy.md "Spotify
 * sync", with the evidence):
 * <ul>
 *   <li>end time ({@code ts}) = {@code played_at} truncated to the whole second. Spotify's reference describes
 *   {@code played_at} as "the date and time the track was played" and a track appears only once it has been played
 *   (a playing track is not listed until it completes, a play under 30 s never): it is stamped when the play ends,
 *   like the export's {@code ts}, which has whole seconds;</li>
 *   <li>{@code ms_played} = {@code track.duration_ms}: the endpoint does not say how much was played, so a full play
 *   is assumed. In real exports 75% of {@code trackdone} plays have exactly the track's duration;</li>
 *   <li>track URI, name, first artist and album name as the export's {@code spotify_track_uri},
 *   {@code master_metadata_track_name}, {@code master_metadata_album_artist_name},
 *   {@code master_metadata_album_album_name}.</li>
 * </ul>
 * Items without a track, a {@code played_at} or a duration cannot be mapped and are left out.
 */
public final class RecentlyPlayedMapping {

    private RecentlyPlayedMapping() {
    }

    public static Optional<SyncedPlaysClient.Play> toPlay(RecentlyPlayedPage.PlayHistory item) {
        if (item == null || item.track() == null || item.track().durationMs() == null || item.track().durationMs() < 0) {
            return Optional.empty();
        }
        Optional<Instant> playedAt = playedAt(item);
        if (playedAt.isEmpty()) {
            return Optional.empty();
        }
        RecentlyPlayedPage.Track track = item.track();
        String artist = track.artists() == null || track.artists().isEmpty() || track.artists().getFirst() == null
                ? null : track.artists().getFirst().name();
        String album = track.album() == null ? null : track.album().name();
        return Optional.of(new SyncedPlaysClient.Play(playedAt.get().truncatedTo(ChronoUnit.SECONDS).toString(),
                track.durationMs(), track.uri(), track.name(), artist, album));
    }

    /** {@code played_at} as an instant (Spotify sends ISO-8601 UTC with milliseconds); empty when missing or bad. */
    public static Optional<Instant> playedAt(RecentlyPlayedPage.PlayHistory item) {
        if (item == null || item.playedAt() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(item.playedAt()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

package io.echotune.playlist.service;

import io.echotune.playlist.Playlist;
import io.echotune.playlist.PlaylistTrack;
import io.echotune.playlist.Schedule;
import io.echotune.playlist.repository.PlaylistEntity;
import io.echotune.playlist.repository.PlaylistVersionEntity;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Stored rows to the domain view, and the difference between two versions. */
final class PlaylistViews {

    private PlaylistViews() {
    }

    /** The playlist at version {@code v}; {@code previous} (null for none) yields {@code added} and {@code removed}. */
    static Playlist toPlaylist(PlaylistEntity p, PlaylistVersionEntity v, PlaylistVersionEntity previous) {
        List<String> added = null;
        List<String> removed = null;
        if (previous != null) {
            added = difference(v.tracks, previous.tracks);
            removed = difference(previous.tracks, v.tracks);
        }
        Schedule schedule = p.scheduleEvery == null ? null : new Schedule(p.scheduleEvery, p.nextRunAt);
        return new Playlist(p.id, p.name, v.version, v.prompt, v.tracks, p.createdAt, p.updatedAt, added, removed,
                schedule, p.spotifyPlaylistId, null);
    }

    /** Ids of {@code of} that {@code minus} lacks, in {@code of}'s order. */
    static List<String> difference(List<PlaylistTrack> of, List<PlaylistTrack> minus) {
        Set<String> other = new HashSet<>();
        minus.forEach(t -> other.add(t.trackId()));
        return of.stream().map(PlaylistTrack::trackId).filter(id -> !other.contains(id)).toList();
    }

    static PlaylistVersionEntity newVersion(PlaylistEntity p, int version, String prompt, List<PlaylistTrack> tracks,
                                            java.time.Instant now) {
        PlaylistVersionEntity v = new PlaylistVersionEntity();
        v.playlistId = p.id;
        v.version = version;
        v.prompt = prompt;
        v.tracks = List.copyOf(tracks);
        v.trackIds = tracks.stream().map(PlaylistTrack::trackId).toArray(String[]::new);
        v.createdAt = now;
        return v;
    }
}

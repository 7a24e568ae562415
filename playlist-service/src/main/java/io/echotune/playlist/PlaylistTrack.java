package io.echotune.playlist;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.echotune.commons.music.TrackRefs;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * One track of a playlist version, as it was when the version was made: the snapshot is stored with the version, so
 * later catalog changes do not rewrite a playlist. {@code position} counts from 1; {@code explanation} is the
 * recommender's reason for a track it chose (absent for tracks named by id).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlaylistTrack(int position, String trackId, String uri, String name, List<String> artists, String album,
                            Long durationMs, Map<String, Double> features, String explanation) {

    public PlaylistTrack at(int newPosition) {
        return newPosition == position ? this
                : new PlaylistTrack(newPosition, trackId, uri, name, artists, album, durationMs, features, explanation);
    }

    /**
     * Where "open in Spotify" goes: the track's page, or a Spotify search for a track known by its name only (a name
     * key: no Spotify id, {@code uri} null).
     */
    @JsonIgnore
    public String spotifyUrl() {
        return TrackRefs.openUrl(trackId, artists == null || artists.isEmpty() ? null : artists.get(0), name);
    }

    /** The credited artists as one line ("A, B"), empty when unknown. */
    @JsonIgnore
    public String artistLine() {
        return artists == null ? "" : String.join(", ", artists);
    }
}

package io.echotune.playlist;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The outcome of saving a playlist to Spotify: the Spotify playlist (the same one on every save), how many tracks it
 * now holds, and the ids of tracks that have no Spotify URI and so could not be added.
 */
@RegisterForReflection
public record SpotifySave(String spotifyPlaylistId, String url, int version, int trackCount,
                          List<String> withoutSpotifyUri) {
}

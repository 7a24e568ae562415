package io.echotune.recommender;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * One fact an explanation states, in structured form: every number in an explanation is one of these values, and each
 * can be checked against the stores (docs/recommender.md, "Explanations"). Kinds: {@code artist-plays},
 * {@code track-plays}, {@code genre-plays}, {@code feature-fit}, {@code taste-fit}, {@code shared-playlists},
 * {@code co-listeners}, {@code artist-co-listeners} (baskets besides the asker's holding {@code artist} and the
 * track's artist {@code context}: listeners, public playlists, a public data set's listeners), {@code similar-artist}, {@code requested-genre}, {@code prompt-genre}, {@code seed-artist},
 * {@code new-artist}, {@code feedback}, {@code popularity}, {@code rotation} (streams of a track in the last
 * {@code value} weeks), {@code long-time-favourite} (a track's streams since the {@code month} of its first play).
 * {@code trackId} is null for a track outside the catalog that its plays named without a URI.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evidence(String kind, String artist, String trackId, String trackName, String genre, String feature,
                       Double value, Integer count, String month, String context, List<String> genres,
                       String signal) {

    public static Evidence artistPlays(String artist, int plays) {
        return new Evidence("artist-plays", artist, null, null, null, null, null, plays, null, null, null, null);
    }

    public static Evidence trackPlays(String trackId, String trackName, int plays, String lastMonth) {
        return new Evidence("track-plays", null, trackId, trackName, null, null, null, plays, lastMonth, null, null, null);
    }

    public static Evidence rotation(String trackId, String trackName, int streams, int weeks) {
        return new Evidence("rotation", null, trackId, trackName, null, null, (double) weeks, streams, null, null, null, null);
    }

    public static Evidence longTimeFavourite(String trackId, String trackName, int streams, String firstMonth) {
        return new Evidence("long-time-favourite", null, trackId, trackName, null, null, null, streams, firstMonth, null,
                null, null);
    }

    public static Evidence genrePlays(String genre, int plays) {
        return new Evidence("genre-plays", null, null, null, genre, null, null, plays, null, null, null, null);
    }

    public static Evidence featureFit(String feature, double value, String context) {
        return new Evidence("feature-fit", null, null, null, null, feature, value, null, null, context, null, null);
    }

    public static Evidence tasteFit(String feature, double value) {
        return new Evidence("taste-fit", null, null, null, null, feature, value, null, null, null, null, null);
    }

    public static Evidence sharedPlaylists(String trackId, String trackName, String artist, int playlists) {
        return new Evidence("shared-playlists", artist, trackId, trackName, null, null, null, playlists, null, null, null, null);
    }

    public static Evidence coListeners(String trackId, String trackName, String artist, int listeners) {
        return new Evidence("co-listeners", artist, trackId, trackName, null, null, null, listeners, null, null, null, null);
    }

    public static Evidence artistCoListeners(String anchorArtist, String trackArtist, int baskets) {
        return new Evidence("artist-co-listeners", anchorArtist, null, null, null, null, null, baskets, null, trackArtist,
                null, null);
    }

    public static Evidence similarArtist(String artist, int plays, List<String> sharedGenres) {
        return new Evidence("similar-artist", artist, null, null, null, null, null, plays, null, null, sharedGenres, null);
    }

    public static Evidence requestedGenre(String genre) {
        return new Evidence("requested-genre", null, null, null, genre, null, null, null, null, null, null, null);
    }

    public static Evidence promptGenre(String genre, String prompt) {
        return new Evidence("prompt-genre", null, null, null, genre, null, null, null, null, prompt, null, null);
    }

    public static Evidence seedArtist(String artist, List<String> sharedGenres) {
        return new Evidence("seed-artist", artist, null, null, null, null, null, null, null, null, sharedGenres, null);
    }

    public static Evidence newArtist(String artist) {
        return new Evidence("new-artist", artist, null, null, null, null, null, 0, null, null, null, null);
    }

    public static Evidence feedback(String trackId, String signal) {
        return new Evidence("feedback", null, trackId, null, null, null, null, null, null, null, null, signal);
    }

    public static Evidence popularity(int popularity) {
        return new Evidence("popularity", null, null, null, null, null, (double) popularity, null, null, null, null, null);
    }
}

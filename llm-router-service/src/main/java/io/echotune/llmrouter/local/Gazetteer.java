package io.echotune.llmrouter.local;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The catalog names the offline interpreter recognises: artists, track titles (with who recorded them) and genre
 * tags, keyed by their normalised form ({@link Tokens#normalize}). Immutable: a reload builds a new one.
 */
public final class Gazetteer {

    /** A track title and the normalised names of the artists who recorded a track of that title. */
    public record TrackName(String name, Set<String> artists) {
    }

    private static final Gazetteer EMPTY = new Builder().build();
    /** Names longer than this many words are not looked for in messages. */
    static final int MAX_NAME_WORDS = 8;

    private final Map<String, String> artists;
    private final Map<String, TrackName> tracks;
    private final Map<String, String> genres;
    private final Set<String> nameWords;

    private Gazetteer(Map<String, String> artists, Map<String, TrackName> tracks, Map<String, String> genres) {
        this.artists = Map.copyOf(artists);
        this.tracks = Map.copyOf(tracks);
        this.genres = Map.copyOf(genres);
        Set<String> words = new HashSet<>();
        for (String name : artists.keySet()) {
            words.addAll(java.util.List.of(name.split(" ")));
        }
        for (String genre : genres.keySet()) {
            words.addAll(java.util.List.of(genre.split(" ")));
        }
        this.nameWords = Set.copyOf(words);
    }

    /** Whether a word is part of some artist name or genre tag: a real word, never a typo to correct. */
    public boolean knowsWord(String norm) {
        return nameWords.contains(norm);
    }

    public static Gazetteer empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The artist's name as the catalog spells it, or null. */
    public String artist(String norm) {
        return artists.get(norm);
    }

    public TrackName track(String norm) {
        return tracks.get(norm);
    }

    /** The catalog genre tag, or null. */
    public String genre(String norm) {
        return genres.get(norm);
    }

    public int artistCount() {
        return artists.size();
    }

    public int trackCount() {
        return tracks.size();
    }

    public int genreCount() {
        return genres.size();
    }

    public static final class Builder {
        private final Map<String, String> artists = new HashMap<>();
        private final Map<String, TrackName> tracks = new HashMap<>();
        private final Map<String, Set<String>> trackArtists = new HashMap<>();
        private final Map<String, String> trackNames = new HashMap<>();
        private final Map<String, String> genres = new HashMap<>();

        /** Adds one catalog track: its title, its artists and its genre tags. */
        public Builder addTrack(String name, Collection<String> trackArtistNames, Collection<String> genreTags) {
            Set<String> artistNorms = new HashSet<>();
            for (String artist : trackArtistNames) {
                String norm = Tokens.normalize(artist);
                if (usable(norm)) {
                    artists.putIfAbsent(norm, artist.trim());
                    artistNorms.add(norm);
                }
            }
            if (name != null) {
                String norm = Tokens.normalize(name);
                if (usable(norm)) {
                    trackNames.putIfAbsent(norm, name.trim());
                    trackArtists.computeIfAbsent(norm, k -> new HashSet<>()).addAll(artistNorms);
                }
            }
            for (String tag : genreTags) {
                addGenre(tag);
            }
            return this;
        }

        public Builder addGenre(String tag) {
            if (tag != null && !tag.isBlank()) {
                String canonical = tag.trim().toLowerCase(java.util.Locale.ROOT);
                genres.putIfAbsent(Tokens.normalize(canonical), canonical);
            }
            return this;
        }

        private static boolean usable(String norm) {
            return !norm.isEmpty() && norm.split(" ").length <= MAX_NAME_WORDS;
        }

        public Gazetteer build() {
            trackNames.forEach((norm, name) -> tracks.put(norm, new TrackName(name, Set.copyOf(trackArtists.get(norm)))));
            return new Gazetteer(artists, tracks, genres);
        }
    }
}

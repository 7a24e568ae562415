package io.echotune.recommender.ranking;

import io.echotune.commons.music.TrackNames;
import io.echotune.commons.music.TrackRefs;
import io.echotune.recommender.FeedbackSignal;

import java.util.List;
import java.util.Map;

/**
 * The tracks a listener played that the catalog does not hold (docs/recommender.md, "Tracks outside the catalog"):
 * what their own plays say of them (track key, title, artist, album, plays, streams, first and last play, streams in
 * the current rotation) and nothing else. No audio features, popularity, release year or tags of their own are known,
 * so none is made up: the ranking leaves the components that need them out and never lets such a track answer a
 * request bounded on them. Their artist is the catalog's when it has it (its tags then count for the genres).
 * Position {@code i} is ranked as track number {@code catalog.size() + i}. Immutable.
 */
public final class PlayedTracks {

    static final PlayedTracks NONE = new PlayedTracks(new String[0], new String[0], new String[0], new String[0],
            new String[0], new int[0], new int[0][], new float[0], new int[0], new long[0], new long[0], new int[0][],
            new FeedbackSignal[0]);

    private final String[] keys;
    private final String[] names;
    private final String[] artists;
    private final String[] albums;
    private final String[] artistKeys;
    private final int[] catalogArtists;
    private final int[][] genres;
    private final float[] affinity;
    private final int[] streams;
    private final long[] firstPlayed;
    private final long[] lastPlayed;
    private final int[][] recentDays;
    private final FeedbackSignal[] feedback;
    private final int[] artistSlot;   // per track: its catalog artist, or -1 - j for the j-th artist outside the catalog
    private int outsideArtists;

    private PlayedTracks(String[] keys, String[] names, String[] artists, String[] albums, String[] artistKeys,
                         int[] catalogArtists, int[][] genres, float[] affinity, int[] streams, long[] firstPlayed,
                         long[] lastPlayed, int[][] recentDays, FeedbackSignal[] feedback) {
        this.keys = keys;
        this.names = names;
        this.artists = artists;
        this.albums = albums;
        this.artistKeys = artistKeys;
        this.catalogArtists = catalogArtists;
        this.genres = genres;
        this.affinity = affinity;
        this.streams = streams;
        this.firstPlayed = firstPlayed;
        this.lastPlayed = lastPlayed;
        this.recentDays = recentDays;
        this.feedback = feedback;
        this.artistSlot = new int[keys.length];
    }

    /**
     * @param stats     the accumulator's tracks outside the catalog, by key (sorted: positions follow key order)
     * @param affinity  each one's track affinity, normalised with the catalog tracks'
     * @param byArtist  the profile's artists by normalised name (for their tags)
     * @param feedback  the latest feedback on tracks outside the catalog, by track key
     */
    static PlayedTracks of(CatalogIndex catalog, Map<String, TasteAccumulator.TrackStats> stats, float[] affinity,
                           Map<String, TasteProfile.ArtistTaste> byArtist, Map<String, FeedbackSignal> feedback) {
        int m = stats.size();
        PlayedTracks p = new PlayedTracks(new String[m], new String[m], new String[m], new String[m], new String[m],
                new int[m], new int[m][], affinity, new int[m], new long[m], new long[m], new int[m][],
                new FeedbackSignal[m]);
        int i = 0;
        for (Map.Entry<String, TasteAccumulator.TrackStats> e : stats.entrySet()) {
            TasteAccumulator.TrackStats s = e.getValue();
            p.keys[i] = e.getKey();
            p.names[i] = s.name;
            p.artists[i] = s.artist;
            p.albums[i] = s.album;
            p.artistKeys[i] = s.artist == null ? "" : TrackNames.normalise(s.artist);
            p.catalogArtists[i] = catalog.artist(p.artistKeys[i]);
            TasteProfile.ArtistTaste taste = byArtist.get(p.artistKeys[i]);
            p.genres[i] = p.catalogArtists[i] >= 0 ? catalogArtistGenres(catalog, p.catalogArtists[i])
                    : taste != null ? taste.genres() : new int[0];
            p.streams[i] = s.streams;
            p.firstPlayed[i] = s.firstPlayedAt;
            p.lastPlayed[i] = s.lastPlayedAt;
            p.recentDays[i] = s.recentDays;
            p.feedback[i] = feedback.get(e.getKey());
            i++;
        }
        // artists outside the catalog numbered once per profile, so a ranking's artist cap needs no map of its own
        Map<String, Integer> outsideArtists = new java.util.HashMap<>();
        for (int x = 0; x < m; x++) {
            p.artistSlot[x] = p.catalogArtists[x] >= 0 ? p.catalogArtists[x]
                    : -1 - outsideArtists.computeIfAbsent(p.artistKeys[x], k -> outsideArtists.size());
        }
        p.outsideArtists = outsideArtists.size();
        return p;
    }

    private static int[] catalogArtistGenres(CatalogIndex catalog, int artist) {
        CatalogIndex.Csr ag = catalog.artistGenres();
        int[] out = new int[ag.size(artist)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ag.value(ag.start(artist) + i);
        }
        return out;
    }

    public int size() {
        return keys.length;
    }

    /** The track key: {@code spotify:track:<id>} when the plays carried a URI, else {@code name:<artist>|<title>}. */
    public String key(int i) {
        return keys[i];
    }

    /** The position of the track with this key ({@code spotify:track:<id>} or a name key), or -1. */
    public int indexOf(String key) {
        int i = java.util.Arrays.binarySearch(keys, key);   // keys are in key order (see of)
        return i >= 0 ? i : -1;
    }

    /** How the API names the track ({@link TrackRefs}): its Spotify id, or its name key when the plays had no URI. */
    public String ref(int i) {
        return TrackRefs.fromTrackKey(keys[i]);
    }

    /** The Spotify id when the key is a URI, else null (a basic export names tracks only). */
    public String spotifyId(int i) {
        return keys[i].startsWith("spotify:track:") ? keys[i].substring("spotify:track:".length()) : null;
    }

    public String name(int i) {
        return names[i];
    }

    public List<String> artistNames(int i) {
        return artists[i] == null ? List.of() : List.of(artists[i]);
    }

    public String album(int i) {
        return albums[i];
    }

    String artistKey(int i) {
        return artistKeys[i];
    }

    /** The catalog number of the track's artist, or -1 when the catalog does not have the artist. */
    int catalogArtist(int i) {
        return catalogArtists[i];
    }

    /** The track's artist for the per-artist cap: its catalog number, or {@code artistCount + j} for the j-th outside it. */
    int artistSlot(int i, int artistCount) {
        return artistSlot[i] >= 0 ? artistSlot[i] : artistCount - 1 - artistSlot[i];
    }

    /** How many distinct artists outside the catalog the tracks have. */
    int outsideArtists() {
        return outsideArtists;
    }

    /** The artist's genre tags (catalog or artist table), as catalog genre numbers. */
    int[] genres(int i) {
        return genres[i];
    }

    float affinity(int i) {
        return affinity[i];
    }

    int streams(int i) {
        return streams[i];
    }

    long firstPlayed(int i) {
        return firstPlayed[i];
    }

    long lastPlayed(int i) {
        return lastPlayed[i];
    }

    int[] recentDays(int i) {
        return recentDays[i];
    }

    /** The latest feedback on the track, or null. */
    public FeedbackSignal feedback(int i) {
        return feedback[i];
    }

    /** Liked or saved: the surest "I know and love this". */
    boolean liked(int i) {
        return feedback[i] == FeedbackSignal.LIKE || feedback[i] == FeedbackSignal.SAVE;
    }

    /** Disliked or skipped: never shown again. */
    boolean turnedDown(int i) {
        return feedback[i] == FeedbackSignal.DISLIKE || feedback[i] == FeedbackSignal.SKIP;
    }

    long estimatedBytes() {
        return keys.length * 200L;
    }
}

package io.echotune.recommender.ranking;

import io.echotune.recommender.Novelty;

import java.util.List;
import java.util.Map;

/**
 * One ranking question, already resolved against the catalog (catalog numbers, genre numbers, feature positions).
 *
 * @param softTargets        feature position -> wanted range and aim (context table, interpretation, explicit aims)
 * @param hardRanges         feature position -> range a track must fall in (explicit {@code targets} min/max)
 * @param contextLabel       how the context is named in explanations ("a calm afternoon"), null without context
 * @param timeOfDayBucket    TasteAccumulator bucket of the requested time of day, or -1
 * @param seedArtists        artists asked for, in or out of the catalog
 * @param requestedGenres    per catalog genre, how strongly it was asked for (1 exact, less for neighbours); null if none
 * @param requestedGenreList the genres as asked, for explanations
 * @param promptGenres       per catalog genre, semantic similarity of the prompt (0..1); null without a prompt
 * @param prompt             the prompt, quoted in explanations
 * @param excludePlayedSince epoch ms: tracks the user played at or after this are left out; Long.MIN_VALUE for none
 * @param excludeArtists     catalog artists the request excludes
 * @param excludeGenres      catalog genres the request excludes
 * @param excludeTracks      catalog tracks the request excludes (already shown, turned down in a conversation)
 * @param releaseYears       the release years a track must fall in (a hard bound: a track of unknown year is out
 *                           too); null for no bound
 * @param contextBounds      feature position -> the combined range of the asked-for moods and activities (not the
 *                           time of day, and not features the explicit {@code targets} set): a bound with a tolerance
 *                           ({@link RequestBounds})
 * @param genreBound         catalog genres a track must carry one of, unless it is by a seed artist: the asked-for
 *                           genres, their subgenres and close neighbours ({@link RequestBounds}); empty for no bound
 * @param now                epoch ms the question is asked at (the current rotation is the weeks before it);
 *                           Long.MIN_VALUE for the listener's latest play (the evaluation's cut)
 * @param excludeTrackKeys   track keys ({@code spotify:track:<id>}) the request excludes: tracks outside the catalog
 *                           are excluded by these, as {@code excludeTracks} can only name catalog numbers
 * @param excludeArtistKeys  normalised names of the artists the request excludes, in or out of the catalog
 */
public record RankingQuery(int count, Novelty novelty, Map<Integer, ContextTable.Range> softTargets,
                           Map<Integer, ContextTable.Range> hardRanges, String contextLabel, int timeOfDayBucket,
                           int[] seedTracks, List<SeedArtist> seedArtists, float[] requestedGenres,
                           List<Integer> requestedGenreList, float[] promptGenres, String prompt,
                           long excludePlayedSince, boolean allowExplicit, int[] excludeArtists, int[] excludeGenres,
                           int[] excludeTracks, YearRange releaseYears,
                           Map<Integer, ContextTable.Range> contextBounds, int[] genreBound, long now,
                           java.util.Set<String> excludeTrackKeys, java.util.Set<String> excludeArtistKeys) {

    /** A question asked at the listener's latest play that excludes nothing outside the catalog. */
    public RankingQuery(int count, Novelty novelty, Map<Integer, ContextTable.Range> softTargets,
                        Map<Integer, ContextTable.Range> hardRanges, String contextLabel, int timeOfDayBucket,
                        int[] seedTracks, List<SeedArtist> seedArtists, float[] requestedGenres,
                        List<Integer> requestedGenreList, float[] promptGenres, String prompt,
                        long excludePlayedSince, boolean allowExplicit, int[] excludeArtists, int[] excludeGenres,
                        int[] excludeTracks, YearRange releaseYears,
                        Map<Integer, ContextTable.Range> contextBounds, int[] genreBound) {
        this(count, novelty, softTargets, hardRanges, contextLabel, timeOfDayBucket, seedTracks, seedArtists,
                requestedGenres, requestedGenreList, promptGenres, prompt, excludePlayedSince, allowExplicit,
                excludeArtists, excludeGenres, excludeTracks, releaseYears, contextBounds, genreBound, Long.MIN_VALUE,
                null, null);
    }

    /** An artist asked for: its catalog number (or -1) and genre numbers (from the catalog or the artist table). */
    public record SeedArtist(String name, int catalogArtist, int[] genres) {
    }

    /** Inclusive release years. */
    public record YearRange(int from, int to) {
        public boolean contains(int year) {
            return year >= from && year <= to;
        }

        @Override
        public String toString() {
            return from == to ? String.valueOf(from) : from + "-" + to;
        }
    }

    /** A query whose moods, activities and genres bound nothing (they only score). */
    public RankingQuery(int count, Novelty novelty, Map<Integer, ContextTable.Range> softTargets,
                        Map<Integer, ContextTable.Range> hardRanges, String contextLabel, int timeOfDayBucket,
                        int[] seedTracks, List<SeedArtist> seedArtists, float[] requestedGenres,
                        List<Integer> requestedGenreList, float[] promptGenres, String prompt,
                        long excludePlayedSince, boolean allowExplicit, int[] excludeArtists, int[] excludeGenres,
                        int[] excludeTracks, YearRange releaseYears) {
        this(count, novelty, softTargets, hardRanges, contextLabel, timeOfDayBucket, seedTracks, seedArtists,
                requestedGenres, requestedGenreList, promptGenres, prompt, excludePlayedSince, allowExplicit,
                excludeArtists, excludeGenres, excludeTracks, releaseYears, null, null);
    }

    /** A query without track exclusions, a release-year bound or bounds from moods and activities. */
    public RankingQuery(int count, Novelty novelty, Map<Integer, ContextTable.Range> softTargets,
                        Map<Integer, ContextTable.Range> hardRanges, String contextLabel, int timeOfDayBucket,
                        int[] seedTracks, List<SeedArtist> seedArtists, float[] requestedGenres,
                        List<Integer> requestedGenreList, float[] promptGenres, String prompt,
                        long excludePlayedSince, boolean allowExplicit, int[] excludeArtists, int[] excludeGenres) {
        this(count, novelty, softTargets, hardRanges, contextLabel, timeOfDayBucket, seedTracks, seedArtists,
                requestedGenres, requestedGenreList, promptGenres, prompt, excludePlayedSince, allowExplicit,
                excludeArtists, excludeGenres, null, null);
    }

    public RankingQuery {
        softTargets = softTargets == null ? Map.of() : Map.copyOf(softTargets);
        hardRanges = hardRanges == null ? Map.of() : Map.copyOf(hardRanges);
        contextBounds = contextBounds == null ? Map.of() : Map.copyOf(contextBounds);
        genreBound = genreBound == null ? new int[0] : genreBound;
        seedTracks = seedTracks == null ? new int[0] : seedTracks;
        seedArtists = seedArtists == null ? List.of() : List.copyOf(seedArtists);
        requestedGenreList = requestedGenreList == null ? List.of() : List.copyOf(requestedGenreList);
        excludeArtists = excludeArtists == null ? new int[0] : excludeArtists;
        excludeGenres = excludeGenres == null ? new int[0] : excludeGenres;
        excludeTracks = excludeTracks == null ? new int[0] : excludeTracks;
        novelty = novelty == null ? Novelty.BALANCED : novelty;
        excludeTrackKeys = excludeTrackKeys == null ? java.util.Set.of() : java.util.Set.copyOf(excludeTrackKeys);
        excludeArtistKeys = excludeArtistKeys == null ? java.util.Set.of() : java.util.Set.copyOf(excludeArtistKeys);
    }

    /** Just a count and a novelty: what a plain "recommend me something" is. */
    public static RankingQuery simple(int count, Novelty novelty) {
        return new RankingQuery(count, novelty, null, null, null, -1, null, null, null, null, null, null,
                Long.MIN_VALUE, true, null, null);
    }

    public RankingQuery withSeedTracks(int[] seeds) {
        return new RankingQuery(count, novelty, softTargets, hardRanges, contextLabel, timeOfDayBucket, seeds, seedArtists,
                requestedGenres, requestedGenreList, promptGenres, prompt, excludePlayedSince, allowExplicit,
                excludeArtists, excludeGenres, excludeTracks, releaseYears, contextBounds, genreBound, now,
                excludeTrackKeys, excludeArtistKeys);
    }

    /** The same question asked at {@code nowMs}, excluding tracks and artists outside the catalog by key. */
    public RankingQuery withOutside(long nowMs, java.util.Set<String> trackKeys, java.util.Set<String> artistKeys) {
        return new RankingQuery(count, novelty, softTargets, hardRanges, contextLabel, timeOfDayBucket, seedTracks,
                seedArtists, requestedGenres, requestedGenreList, promptGenres, prompt, excludePlayedSince, allowExplicit,
                excludeArtists, excludeGenres, excludeTracks, releaseYears, contextBounds, genreBound, nowMs, trackKeys,
                artistKeys);
    }

    /** Whether anything bounds what may be shown beyond exclusions: features, moods, release years or genres. */
    public boolean boundsSomething() {
        return !hardRanges.isEmpty() || !contextBounds.isEmpty() || releaseYears != null || genreBound.length > 0;
    }

    public boolean asksForSomething() {
        return seedTracks.length > 0 || !seedArtists.isEmpty() || requestedGenres != null || promptGenres != null;
    }
}

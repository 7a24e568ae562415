package io.echotune.recommender.service;

import io.echotune.commons.music.TrackNames;
import io.echotune.commons.music.TrackRefs;
import io.echotune.recommender.InterpretationSummary;
import io.echotune.recommender.Novelty;
import io.echotune.recommender.ReleaseYears;
import io.echotune.recommender.ai.SemanticMatcher;
import io.echotune.recommender.client.RouterReading;
import io.echotune.recommender.ranking.CatalogIndex;
import io.echotune.recommender.ranking.ContextTable;
import io.echotune.recommender.ranking.FeatureSpace;
import io.echotune.recommender.ranking.RankingQuery;
import io.echotune.recommender.ranking.RequestBounds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a validated request and the router's reading of its prompt into a {@link RankingQuery} on one catalog, and
 * says what it used ({@link InterpretationSummary}). Explicit fields win over the reading: a {@code count},
 * {@code novelty}, {@code context} or {@code targets} in the request replaces what the prompt implied.
 */
final class RankingQueryBuilder {

    /** How a subgenre of an asked-for genre scores in the semantic component: as a close neighbour does. */
    private static final float SUBGENRE_WEIGHT = 0.6f;

    /** What the query builder needs beyond the request. */
    record Inputs(RequestValidator.Valid request, InterpretationService.Reading reading, Novelty preferredNovelty,
                  boolean allowExplicit, long nowMs, Map<String, List<String>> artistTableGenres) {
    }

    record Built(RankingQuery query, InterpretationSummary summary) {
    }

    private RankingQueryBuilder() {
    }

    /** Names of artists the request and reading mention (normalised), for the artist-table lookup. */
    static Set<String> artistKeys(RequestValidator.Valid request, InterpretationService.Reading reading) {
        Set<String> keys = new LinkedHashSet<>();
        request.seedArtists().forEach(a -> keys.add(TrackNames.normalise(a)));
        if (reading.available()) {
            reading.reading().entitiesOrNone().artists().forEach(a -> keys.add(TrackNames.normalise(a)));
        }
        return keys;
    }

    static Built build(CatalogIndex catalog, SemanticMatcher semantic, SemanticMatcher.GenreVectors genreVectors,
                       Inputs in) {
        RequestValidator.Valid r = in.request();
        RouterReading reading = in.reading().reading();
        RouterReading.Entities entities = reading != null ? reading.entitiesOrNone() : null;

        int count = count(r, reading);
        Novelty novelty = novelty(r, reading, in.preferredNovelty());
        PromptMatch prompt = promptMatch(catalog, semantic, genreVectors, r.prompt());
        Context context = context(semantic, r, reading, entities, prompt.vector());
        RequestedGenres genres = requestedGenres(catalog, semantic, genreVectors, r, entities);
        Seeds seeds = seeds(catalog, r, entities, in.artistTableGenres());
        Exclusions exclusions = exclusions(catalog, r, reading);
        // release years: the request's era, else a whole-year era the prompt names ("90s hip hop")
        RankingQuery.YearRange releaseYears = r.era() != null ? r.era()
                : entities != null && entities.era() != null ? entities.era().releaseYears() : null;
        long excludeSince = r.excludePlayedWithinDays() == null ? Long.MIN_VALUE
                : in.nowMs() - r.excludePlayedWithinDays() * 24L * 3600 * 1000;

        RankingQuery query = new RankingQuery(count, novelty, context.soft(), context.hard(), context.label(),
                ContextTable.bucket(context.timeOfDay()), seeds.tracks(), seeds.artists(), genres.weights(),
                genres.list(), prompt.genres(), r.prompt(), excludeSince, in.allowExplicit(), exclusions.artists(),
                exclusions.genres(), exclusions.tracks(), releaseYears, context.bounds(), genres.bound(), in.nowMs(),
                exclusions.trackKeys(), exclusions.artistKeys());
        InterpretationSummary summary = summary(in, reading, count, novelty, prompt, context, genres, seeds,
                exclusions, releaseYears);
        return new Built(query, summary);
    }

    /** The request's count, else the reading's (clamped), else the default. */
    private static int count(RequestValidator.Valid r, RouterReading reading) {
        return r.count() != null ? r.count()
                : reading != null && reading.count() != null ? Math.max(1, Math.min(RequestValidator.MAX_COUNT, reading.count()))
                : RequestValidator.DEFAULT_COUNT;
    }

    /** The request's novelty, else the reading's, else the caller's preference, else balanced. */
    private static Novelty novelty(RequestValidator.Valid r, RouterReading reading, Novelty preferred) {
        return r.novelty() != null ? r.novelty()
                : reading != null && Novelty.fromWireName(reading.novelty()).isPresent() ? Novelty.fromWireName(reading.novelty()).get()
                : preferred != null ? preferred : Novelty.BALANCED;
    }

    /**
     * The prompt's vector and the catalog genres it names semantically.
     *
     * @param vector the prompt's embedding, null without a prompt
     * @param genres per catalog genre, the prompt's similarity; null without a prompt or when no genre reaches 0.5
     * @param names  the genres that reach 0.5, for the summary
     */
    private record PromptMatch(float[] vector, float[] genres, List<String> names) {
    }

    private static PromptMatch promptMatch(CatalogIndex catalog, SemanticMatcher semantic,
                                           SemanticMatcher.GenreVectors genreVectors, String prompt) {
        // the prompt's vector: genres it names semantically, and (when the router is away) the mood it is closest to
        float[] promptVector = prompt != null ? semantic.embed(prompt) : null;
        float[] promptGenres = promptVector != null ? semantic.promptGenres(promptVector, genreVectors, catalog.genreCount()) : null;
        List<String> semanticGenres = new ArrayList<>();
        if (promptGenres != null) {
            for (int g = 0; g < promptGenres.length; g++) {
                if (promptGenres[g] >= 0.5f) {
                    semanticGenres.add(catalog.genreName(g));
                }
            }
            if (semanticGenres.isEmpty()) {
                promptGenres = null;
            }
        }
        return new PromptMatch(promptVector, promptGenres, semanticGenres);
    }

    /**
     * The context used: its table entries, the feature ranges they and the targets give, and how it is named.
     *
     * @param soft   every feature range and aim, for the context component (moods, activities, time of day, targets)
     * @param hard   the explicit {@code targets} min/max: exact bounds
     * @param bounds the moods' and activities' combined ranges (a remote reading's targets when it names no table
     *               entry), except features the explicit targets set: bounds with a tolerance. A time of day is not
     *               among them: it says when, not what, and its intersection with a mood can shrink a range to a
     *               point (calm energy 0-0.4 and afternoon 0.4-0.8 meet at 0.4)
     */
    private record Context(List<String> activities, List<String> moods, String timeOfDay,
                           Map<Integer, ContextTable.Range> soft, Map<Integer, ContextTable.Range> hard,
                           Map<Integer, ContextTable.Range> bounds, String label) {
    }

    private static Context context(SemanticMatcher semantic, RequestValidator.Valid r, RouterReading reading,
                                   RouterReading.Entities entities, float[] promptVector) {
        // context: the request's own, else the reading's, else (router away) the nearest mood/activity/time
        List<String> activities = new ArrayList<>();
        List<String> moods = new ArrayList<>();
        String timeOfDay = null;
        boolean explicitContext = r.activity() != null || r.mood() != null || r.timeOfDay() != null;
        if (explicitContext) {
            addIfPresent(activities, r.activity());
            addIfPresent(moods, r.mood());
            timeOfDay = r.timeOfDay();
        } else if (entities != null) {
            entities.activities().stream().filter(a -> ContextTable.activity(a) != null).forEach(activities::add);
            entities.moods().stream().filter(m -> ContextTable.mood(m) != null).forEach(moods::add);
            timeOfDay = ContextTable.timeOfDay(entities.timeOfDay()) != null ? entities.timeOfDay() : null;
        } else if (promptVector != null) {
            for (SemanticMatcher.ContextMatch m : semantic.contextMatches(promptVector)) {
                switch (m.kind()) {
                    case "activity" -> activities.add(m.name());
                    case "mood" -> moods.add(m.name());
                    default -> timeOfDay = m.name();
                }
            }
        }
        List<Map<String, ContextTable.Range>> entries = new ArrayList<>();
        activities.forEach(a -> entries.add(ContextTable.activity(a)));
        moods.forEach(m -> entries.add(ContextTable.mood(m)));
        if (timeOfDay != null) {
            entries.add(ContextTable.timeOfDay(timeOfDay));
        }
        Map<Integer, ContextTable.Range> soft = new LinkedHashMap<>();
        ContextTable.combine(entries).forEach((feature, range) -> soft.put(FeatureSpace.index(feature), range));
        // what the person asked for bounds the answer: the moods and activities, not the time of day
        List<Map<String, ContextTable.Range>> asked = new ArrayList<>();
        activities.forEach(a -> asked.add(ContextTable.activity(a)));
        moods.forEach(m -> asked.add(ContextTable.mood(m)));
        Map<Integer, ContextTable.Range> bounds = new LinkedHashMap<>();
        ContextTable.combine(asked).forEach((feature, range) -> bounds.put(FeatureSpace.index(feature), range));
        if (soft.isEmpty() && !explicitContext && reading != null && reading.targets() != null) {
            // a remote reading may give targets without naming a table entry: they are its reading of the prompt
            reading.targets().forEach((feature, t) -> {
                int d = FeatureSpace.index(feature);
                if (d >= 0 && t != null) {
                    double lo = t.min() != null ? t.min() : FeatureSpace.rawMin(d);
                    double hi = t.max() != null ? t.max() : FeatureSpace.rawMax(d);
                    soft.put(d, new ContextTable.Range(lo, hi, t.target() != null ? t.target() : (lo + hi) / 2));
                    if (t.min() != null || t.max() != null) {
                        bounds.put(d, soft.get(d));
                    }
                }
            });
        }
        // the request's own targets win; a min or max among them is also a hard bound
        Map<Integer, ContextTable.Range> hard = new LinkedHashMap<>();
        r.targets().forEach((d, t) -> {
            double lo = t.min() != null ? t.min() : FeatureSpace.rawMin(d);
            double hi = t.max() != null ? t.max() : FeatureSpace.rawMax(d);
            soft.put(d, new ContextTable.Range(lo, hi, t.target() != null ? t.target() : (lo + hi) / 2));
            if (t.min() != null || t.max() != null) {
                hard.put(d, new ContextTable.Range(lo, hi, t.target() != null ? t.target() : (lo + hi) / 2));
            }
            bounds.remove(d);   // an explicit target replaces the table's range for its feature, bound and all
        });
        String label = contextLabel(activities, moods, timeOfDay, !r.targets().isEmpty());
        return new Context(activities, moods, timeOfDay, soft, hard, bounds, label);
    }

    /**
     * The genres asked for.
     *
     * @param weights per catalog genre, how strongly it was asked for (1 exact, less for neighbours); null if none
     * @param list    the catalog genres named (however spelled), as asked
     * @param used    the genre names used, for the summary
     * @param bound   the catalog genres a track must carry one of (RequestBounds), ascending; empty when none
     */
    private record RequestedGenres(float[] weights, List<Integer> list, List<String> used, int[] bound) {
    }

    private static RequestedGenres requestedGenres(CatalogIndex catalog, SemanticMatcher semantic,
                                                   SemanticMatcher.GenreVectors genreVectors,
                                                   RequestValidator.Valid r, RouterReading.Entities entities) {
        // genres: asked for by name (catalog tags of the same words, their subgenres and neighbours), else the
        // nearest tags by meaning
        Set<String> genreNames = new LinkedHashSet<>(r.genres());
        if (entities != null) {
            entities.genres().forEach(g -> genreNames.add(g.toLowerCase(Locale.ROOT)));
        }
        float[] requested = null;
        List<Integer> requestedList = new ArrayList<>();
        List<String> usedGenres = new ArrayList<>();
        java.util.BitSet bound = new java.util.BitSet();
        if (!genreNames.isEmpty()) {
            requested = new float[catalog.genreCount()];
            for (String name : genreNames) {
                String words = CatalogIndex.wordKey(name);
                int[] family = catalog.genresContaining(name);
                if (family.length > 0 && !usedGenres.contains(name)) {
                    usedGenres.add(name);
                }
                CatalogIndex.Csr nb = catalog.genreNeighbours();
                for (int g : family) {
                    bound.set(g);
                    if (!catalog.genreWords(g).equals(words)) {
                        requested[g] = Math.max(requested[g], SUBGENRE_WEIGHT);   // "southern hip hop" for "hip hop"
                        continue;
                    }
                    requested[g] = 1f;   // the genre itself, however spelled ("hip hop" for "hip-hop")
                    if (!requestedList.contains(g)) {
                        requestedList.add(g);
                    }
                    for (int i = nb.start(g); i < nb.end(g); i++) {
                        requested[nb.value(i)] = Math.max(requested[nb.value(i)], 0.6f * Math.min(1, 2 * catalog.genreNeighbourWeight(i)));
                        if (catalog.genreNeighbourWeight(i) >= RequestBounds.CLOSE_GENRE) {
                            bound.set(nb.value(i));
                        }
                    }
                }
                if (family.length == 0) {
                    float[] near = semantic.promptGenres(semantic.embed(name), genreVectors, catalog.genreCount());
                    for (int x = 0; x < near.length; x++) {
                        if (near[x] >= 0.5f) {
                            requested[x] = Math.max(requested[x], 0.8f * near[x]);
                            bound.set(x);
                            if (!usedGenres.contains(catalog.genreName(x))) {
                                usedGenres.add(catalog.genreName(x));
                            }
                        }
                    }
                }
            }
        }
        return new RequestedGenres(requested, requestedList, usedGenres, bound.stream().toArray());
    }

    /** The seed artists and tracks: the request's plus what the prompt names; the titles matched, for the summary. */
    private record Seeds(List<RankingQuery.SeedArtist> artists, int[] tracks, List<String> usedTracks) {
    }

    private static Seeds seeds(CatalogIndex catalog, RequestValidator.Valid r, RouterReading.Entities entities,
                               Map<String, List<String>> artistTableGenres) {
        // artists and tracks: the request's seeds plus what the prompt names
        Set<String> artistNames = new LinkedHashSet<>(r.seedArtists());
        if (entities != null) {
            artistNames.addAll(entities.artists());
        }
        List<RankingQuery.SeedArtist> seedArtists = new ArrayList<>();
        Set<String> seenKeys = new LinkedHashSet<>();
        for (String name : artistNames) {
            String key = TrackNames.normalise(name);
            if (!seenKeys.add(key)) {
                continue;
            }
            int a = catalog.artist(key);
            int[] genres;
            if (a >= 0) {
                CatalogIndex.Csr ag = catalog.artistGenres();
                genres = new int[ag.size(a)];
                for (int i = 0; i < genres.length; i++) {
                    genres[i] = ag.value(ag.start(a) + i);
                }
            } else {
                genres = artistTableGenres.getOrDefault(key, List.of()).stream().mapToInt(catalog::genre)
                        .filter(g -> g >= 0).distinct().toArray();
            }
            seedArtists.add(new RankingQuery.SeedArtist(a >= 0 ? catalog.artistName(a) : name, a, genres));
        }
        Set<Integer> seedTracks = new LinkedHashSet<>();
        for (String id : r.seedTracks()) {
            int t = catalog.track(id);
            if (t >= 0) {
                seedTracks.add(t);
            }
        }
        List<String> usedTracks = new ArrayList<>();
        if (entities != null) {
            for (String title : entities.tracks()) {
                int t = bestTitled(catalog, title, seedArtists);
                if (t >= 0) {
                    seedTracks.add(t);
                    usedTracks.add(catalog.name(t));
                }
            }
        }
        return new Seeds(seedArtists, seedTracks.stream().mapToInt(Integer::intValue).toArray(), usedTracks);
    }

    /** What the request and the reading exclude, as catalog numbers, and the names used, for the summary. */
    private record Exclusions(int[] artists, int[] genres, int[] tracks, List<String> usedArtists,
                              List<String> usedGenres, Set<String> trackKeys, Set<String> artistKeys) {
    }

    private static Exclusions exclusions(CatalogIndex catalog, RequestValidator.Valid r, RouterReading reading) {
        // exclusions: the request's ("no more Drake" earlier in a conversation) and the reading's ("without metal")
        Set<String> excludedArtistNames = new LinkedHashSet<>(r.excludeArtists());
        Set<String> excludedGenreNames = new LinkedHashSet<>(r.excludeGenres());
        if (reading != null && reading.refinement() != null) {
            excludedArtistNames.addAll(reading.refinement().excludeArtists());
            reading.refinement().excludeGenres().forEach(g -> excludedGenreNames.add(g.toLowerCase(Locale.ROOT)));
        }
        Set<Integer> excludeArtists = new LinkedHashSet<>();
        List<String> usedExcludedArtists = new ArrayList<>();
        for (String name : excludedArtistNames) {
            int x = catalog.artist(TrackNames.normalise(name));
            if (x >= 0 && excludeArtists.add(x)) {
                usedExcludedArtists.add(catalog.artistName(x));
            }
        }
        Set<Integer> excludeGenres = new LinkedHashSet<>();
        List<String> usedExcludedGenres = new ArrayList<>();
        for (String name : excludedGenreNames) {
            int x = catalog.genre(name);
            if (x >= 0 && excludeGenres.add(x)) {
                usedExcludedGenres.add(name);
            }
        }
        int[] excludeTracks = r.excludeTrackIds().stream().mapToInt(catalog::track).filter(t -> t >= 0).toArray();
        // tracks and artists outside the catalog (a listener's own played tracks) are excluded by key and name
        Set<String> trackKeys = new LinkedHashSet<>();
        r.excludeTrackIds().forEach(ref -> trackKeys.add(TrackRefs.trackKey(ref)));
        Set<String> artistKeys = new LinkedHashSet<>();
        excludedArtistNames.forEach(name -> artistKeys.add(TrackNames.normalise(name)));
        return new Exclusions(excludeArtists.stream().mapToInt(Integer::intValue).toArray(),
                excludeGenres.stream().mapToInt(Integer::intValue).toArray(), excludeTracks, usedExcludedArtists,
                usedExcludedGenres, trackKeys, artistKeys);
    }

    /** What the query was built from, as the answer reports it. */
    private static InterpretationSummary summary(Inputs in, RouterReading reading, int count, Novelty novelty,
                                                 PromptMatch prompt, Context context, RequestedGenres genres,
                                                 Seeds seeds, Exclusions exclusions,
                                                 RankingQuery.YearRange releaseYears) {
        Map<String, Map<String, Double>> targets = new LinkedHashMap<>();
        context.soft().forEach((d, range) -> {
            Map<String, Double> t = new LinkedHashMap<>();
            t.put("min", range.min());
            t.put("max", range.max());
            t.put("target", range.target());
            targets.put(FeatureSpace.NAMES.get(d), t);
        });
        String source = in.request().prompt() == null ? "structured" : in.reading().available() ? "llm-router" : "structured-only";
        return new InterpretationSummary(source,
                reading != null ? reading.providerUsed() : null, reading != null ? reading.intent() : null,
                genres.used(), seeds.artists().stream().map(RankingQuery.SeedArtist::name).toList(), seeds.usedTracks(),
                context.moods(), context.activities(), context.timeOfDay(), novelty.wireName(), count, targets,
                prompt.names(), releaseYears == null ? null : new ReleaseYears(releaseYears.from(), releaseYears.to()),
                exclusions.usedArtists(), exclusions.usedGenres(), in.reading().note(), null, null);
    }

    /** The catalog track with this title: by one of the named artists if any, else the most popular (ties by id). */
    private static int bestTitled(CatalogIndex catalog, String title, List<RankingQuery.SeedArtist> artists) {
        int best = -1;
        for (int t : catalog.tracksTitled(title)) {
            for (RankingQuery.SeedArtist a : artists) {
                if (a.catalogArtist() >= 0 && catalog.trackArtists().contains(t, a.catalogArtist())) {
                    return t;
                }
            }
            if (best < 0 || catalog.popularity(t) > catalog.popularity(best)) {
                best = t;
            }
        }
        return best;
    }

    /** "your workout", "a calm afternoon", "an upbeat evening", "your focus on a rainy afternoon", "the targets you set". */
    static String contextLabel(List<String> activities, List<String> moods, String timeOfDay, boolean explicitTargets) {
        String scene = null;
        if (!moods.isEmpty() || timeOfDay != null) {
            String mood = String.join(" and ", moods);
            scene = timeOfDay != null ? (mood.isEmpty() ? "" : mood + " ") + timeOfDay : mood + " mood";
            scene = article(scene) + " " + scene;
        }
        if (!activities.isEmpty()) {
            String activity = "your " + String.join(" and ", activities);
            return scene == null ? activity : activity + " on " + scene;
        }
        if (scene != null) {
            return scene;
        }
        return explicitTargets ? "the targets you set" : null;
    }

    /** "an" before a vowel ("an upbeat afternoon", "an evening"), else "a": the words of the context table. */
    private static String article(String phrase) {
        return "aeiou".indexOf(Character.toLowerCase(phrase.charAt(0))) >= 0 ? "an" : "a";
    }

    private static void addIfPresent(List<String> list, String value) {
        if (value != null) {
            list.add(value);
        }
    }
}

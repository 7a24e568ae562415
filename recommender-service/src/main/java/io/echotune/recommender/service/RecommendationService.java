package io.echotune.recommender.service;

import io.echotune.commons.music.SpotifyTrackIds;
import io.echotune.commons.music.TrackNames;
import io.echotune.commons.music.TrackRefs;
import io.echotune.commons.problem.ApiException;
import io.echotune.commons.problem.Problem;
import io.echotune.recommender.InterpretationSummary;
import io.echotune.recommender.Novelty;
import io.echotune.recommender.Recommendation;
import io.echotune.recommender.RecommendationQuestion;
import io.echotune.recommender.RecommendedTrack;
import io.echotune.recommender.AppliedBounds;
import io.echotune.recommender.config.RecommenderConfig;
import io.echotune.recommender.ranking.CatalogIndex;
import io.echotune.recommender.ranking.FeatureSpace;
import io.echotune.recommender.ranking.PlayedTracks;
import io.echotune.recommender.ranking.Ranker;
import io.echotune.recommender.ranking.RankingQuery;
import io.echotune.recommender.ranking.RankingWeights;
import io.echotune.recommender.ranking.TasteProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Answers {@code POST /api/v1/recommendations}: validates the request, has the router read the prompt (if any), takes
 * the caller's taste profile and the current model, and ranks on the ranking pool (the ranking is CPU work of a few
 * milliseconds; it never runs on the event loop, and no more rankings run at once than the pool has threads).
 */
@ApplicationScoped
public class RecommendationService {

    static final String NO_CATALOG = "No music catalog is loaded yet. The local stack loads one on its first start, "
            + "which takes under a minute; elsewhere an operator loads it with POST /api/v1/admin/catalog/loads. "
            + "Try again shortly.";

    private final ModelService model;
    private final ProfileService profiles;
    private final InterpretationService interpretation;
    private final RecommenderConfig config;
    private final Ranker ranker;
    private final Timer rankTimer;
    private final ExecutorService rankingPool;
    private final Clock clock = Clock.systemUTC();

    public RecommendationService(ModelService model, ProfileService profiles, InterpretationService interpretation,
                                 RecommenderConfig config, MeterRegistry metrics) {
        this.model = model;
        this.profiles = profiles;
        this.interpretation = interpretation;
        this.config = config;
        this.rankTimer = Timer.builder("echotune_recommender_rank_seconds")
                .description("In-process ranking time of one recommendation (catalog scan, scoring, MMR, explanations)")
                .publishPercentiles(0.5, 0.95, 0.99).register(metrics);
        int threads = config.ranking().threads() > 0 ? config.ranking().threads() : Runtime.getRuntime().availableProcessors();
        this.rankingPool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("ranking-", 0).daemon().factory());
        this.ranker = new Ranker(weights(config.ranking(), config.taste()), threads);   // one workspace per pool thread
    }

    @PreDestroy
    void stop() {
        rankingPool.shutdownNow();
    }

    static RankingWeights weights(RecommenderConfig.Ranking r, RecommenderConfig.Taste t) {
        return new RankingWeights(r.tasteWeight(), r.contextWeight(), r.semanticWeight(), r.collaborativeWeight(),
                r.noveltyWeight(), r.popularityWeight(), r.diversityWeight(), r.perArtistCap(), r.featureCandidates(),
                r.poolFactor(), t.forgottenAfter().toMillis());
    }

    /** The caller's preferences the gateway carries in the identity token. */
    public record Preferences(Novelty novelty, boolean allowExplicit) {
    }

    public Uni<Recommendation> recommend(String userId, String bearer, Preferences preferences, RecommendationQuestion request) {
        RequestValidator.Valid valid = RequestValidator.validate(request, config.limits());
        Uni<InterpretationService.Reading> reading = valid.prompt() == null
                ? Uni.createFrom().item(new InterpretationService.Reading(null, null))
                : interpretation.read(bearer, valid.prompt());
        return Uni.combine().all().unis(reading, model.snapshot()).asTuple().flatMap(t -> {
            ModelService.Snapshot snapshot = t.getItem2();
            if (snapshot.catalog().size() == 0) {
                // an empty answer would look like a verdict on the listener's taste; this is a state of the server
                return Uni.createFrom().failure(new ApiException(Problem.serviceUnavailable(NO_CATALOG)));
            }
            // the named artists' tags from the artist table the model was built with: no store round trip per request
            Map<String, List<String>> artistGenres = new HashMap<>();
            for (String key : RankingQueryBuilder.artistKeys(valid, t.getItem1())) {
                artistGenres.put(key, snapshot.catalog().artistTableGenres(key));
            }
            return profiles.profileFor(userId, snapshot.catalog())
                    .emitOn(rankingPool)
                    .map(profile -> {
                        RequestValidator.Valid seeded = valid.seedingByArtistOutside(snapshot.catalog(), profile.played());
                        seeded.seedArtists().forEach(name -> artistGenres.computeIfAbsent(TrackNames.normalise(name),
                                key -> snapshot.catalog().artistTableGenres(key)));
                        RankingQueryBuilder.Inputs inputs = new RankingQueryBuilder.Inputs(seeded, t.getItem1(),
                                preferences.novelty(), preferences.allowExplicit(), clock.millis(), artistGenres);
                        return rank(userId, snapshot, profile, inputs);
                    });
        });
    }

    private Recommendation rank(String userId, ModelService.Snapshot snapshot, TasteProfile profile,
                                RankingQueryBuilder.Inputs inputs) {
        long started = System.nanoTime();
        CatalogIndex catalog = snapshot.catalog();
        RankingQueryBuilder.Built built = RankingQueryBuilder.build(catalog, model.semantic(), snapshot.genreVectors(), inputs);
        RankingQuery query = built.query();
        Ranker.Answer answer = ranker.answer(catalog, snapshot.coListening(), snapshot.artistCoListening(), profile, query);
        List<RecommendedTrack> tracks = new ArrayList<>(answer.tracks().size());
        for (Ranker.Ranked r : answer.tracks()) {
            tracks.add(track(catalog, profile.played(), r));
        }
        rankTimer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        String requestId = requestId(userId, snapshot, profile, inputs, tracks);
        AppliedBounds bounds = AnswerBounds.applied(catalog, query, answer);
        List<String> relaxed = AnswerBounds.relaxed(query, built.summary(), answer);
        InterpretationSummary summary = built.summary().withBounds(bounds, relaxed);
        boolean structuredOnly = inputs.request().prompt() == null && summary.targets().isEmpty()
                && summary.genres().isEmpty() && summary.era() == null && summary.excludedArtists().isEmpty()
                && summary.excludedGenres().isEmpty();
        return new Recommendation(requestId, tracks, structuredOnly ? null : summary,
                tracks.size() < query.count() ? AnswerBounds.shortfall(query, summary, tracks.size()) : null);
    }

    /**
     * A ranked track as the answer shows it: a catalog track with its catalog facts; a played track outside the
     * catalog (numbered from {@code catalog.size()}) with what its plays said (no features, year or genres: unknown).
     */
    static RecommendedTrack track(CatalogIndex catalog, PlayedTracks played, Ranker.Ranked r) {
        int t = r.track();
        if (t >= catalog.size()) {
            int i = t - catalog.size();
            String ref = played.ref(i);
            return new RecommendedTrack(ref, TrackRefs.spotifyUri(ref), played.name(i),
                    played.artistNames(i), played.album(i), null, List.of(), Map.of(), r.score(), r.components(),
                    r.explanation(), r.evidence());
        }
        Map<String, Double> features = new LinkedHashMap<>();
        for (int d = 0; d < FeatureSpace.DIMENSIONS; d++) {
            double v = catalog.rawFeature(t, d);
            if (!Double.isNaN(v)) {
                features.put(FeatureSpace.NAMES.get(d), Math.round(v * 10_000) / 10_000.0);
            }
        }
        int year = catalog.releaseYear(t);
        return new RecommendedTrack(catalog.id(t), SpotifyTrackIds.uri(catalog.id(t)), catalog.name(t),
                catalog.artistNamesOf(t), catalog.album(t), year == 0 ? null : year, catalog.genreNamesOf(t), features, r.score(),
                r.components(), r.explanation(), r.evidence());
    }

    /** Same user, same request, same model and same answer: same id (feedback can name the answer it is about). */
    private static String requestId(String userId, ModelService.Snapshot snapshot, TasteProfile profile,
                                    RankingQueryBuilder.Inputs inputs, List<RecommendedTrack> tracks) {
        StringBuilder key = new StringBuilder(userId).append('|').append(inputs.request()).append('|')
                .append(snapshot.catalog().version()).append('|').append(profile.reference()).append('|');
        tracks.forEach(t -> key.append(t.trackId()).append(','));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return "rec-" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

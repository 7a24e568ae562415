package io.echotune.recommender.service;

import io.echotune.commons.music.SpotifyTrackIds;
import io.echotune.commons.problem.ApiException;
import io.echotune.recommender.Feedback;
import io.echotune.recommender.FeedbackSignal;
import io.echotune.recommender.config.RecommenderConfig;
import io.echotune.recommender.repository.FeedbackRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Feedback on recommended tracks. Today it is validated and stored durably per user; the taste model
 * that reads it is built separately.
 */
@ApplicationScoped
public class FeedbackService {

    private final FeedbackRepository repository;
    private final RecommenderConfig config;
    private final Clock clock;

    public FeedbackService(FeedbackRepository repository, RecommenderConfig config) {
        this.repository = repository;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    public Uni<Feedback> record(String userId, String trackId, String signal, String requestId) {
        String id = SpotifyTrackIds.parse(trackId).orElseThrow(() -> ApiException.invalidField("trackId",
                trackId == null ? "is required" : "'" + abbreviate(trackId) + "' is not a Spotify track id or spotify:track: URI"));
        FeedbackSignal parsedSignal = FeedbackSignal.fromWireName(signal).orElseThrow(() -> ApiException.invalidField("signal",
                signal == null ? "is required" : "'" + abbreviate(signal) + "' is not one of like, dislike, skip, save"));
        String cleanRequestId = requestId == null || requestId.isBlank() ? null : requestId.strip();
        if (cleanRequestId != null && cleanRequestId.length() > config.maxRequestIdLength()) {
            throw ApiException.invalidField("requestId", "is longer than " + config.maxRequestIdLength() + " characters");
        }
        // Millisecond precision: what MongoDB keeps, so the stored instant equals the one we answer with.
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        return repository.insert(userId, new Feedback(UUID.randomUUID(), id, parsedSignal, cleanRequestId, now));
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}

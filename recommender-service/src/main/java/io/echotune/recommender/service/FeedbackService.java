package io.echotune.recommender.service;

import io.echotune.commons.music.TrackRefs;
import io.echotune.commons.problem.ApiException;
import io.echotune.recommender.Feedback;
import io.echotune.recommender.FeedbackSignal;
import io.echotune.recommender.config.RecommenderConfig;
import io.echotune.recommender.messaging.FeedbackEventPublisher;
import io.echotune.recommender.ranking.TasteProfile;
import io.echotune.recommender.repository.FeedbackRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Feedback on recommended tracks: validated, stored durably for the caller, applied to their taste profile before the
 * call answers (so the next recommendation already reflects it), then announced as {@code feedback.recorded}. The
 * stored document is the event's outbox entry: if Kafka does not acknowledge in time the call still succeeds (the
 * feedback is safe in MongoDB) and the outbox sends the same event later.
 */
@ApplicationScoped
public class FeedbackService {

    private static final Logger LOG = Logger.getLogger(FeedbackService.class);
    private static final Duration PUBLISH_WAIT = Duration.ofSeconds(5);
    private static final int OUTBOX_BATCH = 100;

    private final FeedbackRepository repository;
    private final ProfileService profiles;
    private final FeedbackEventPublisher events;
    private final RecommenderConfig config;
    private final Clock clock;

    public FeedbackService(FeedbackRepository repository, ProfileService profiles, FeedbackEventPublisher events,
                           RecommenderConfig config) {
        this.repository = repository;
        this.profiles = profiles;
        this.events = events;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    public Uni<Feedback> record(String userId, String trackId, String signal, String requestId) {
        String id = TrackRefs.parse(trackId).orElseThrow(() -> ApiException.invalidField("trackId",
                trackId == null ? "is required"
                        : "'" + abbreviate(trackId) + "' is not a Spotify track id, spotify:track: URI or name: key"));
        FeedbackSignal parsedSignal = FeedbackSignal.fromWireName(signal).orElseThrow(() -> ApiException.invalidField("signal",
                signal == null ? "is required" : "'" + abbreviate(signal) + "' is not one of like, dislike, skip, save"));
        String cleanRequestId = requestId == null || requestId.isBlank() ? null : requestId.strip();
        if (cleanRequestId != null && cleanRequestId.length() > config.maxRequestIdLength()) {
            throw ApiException.invalidField("requestId", "is longer than " + config.maxRequestIdLength() + " characters");
        }
        // Millisecond precision: what MongoDB keeps, so the stored instant equals the one we answer with.
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        Feedback item = new Feedback(UUID.randomUUID(), id, parsedSignal, cleanRequestId, now);
        return repository.insert(userId, item)
                .call(stored -> profiles.applyFeedback(userId, new TasteProfile.Mark(id, parsedSignal, now.toEpochMilli())))
                .call(stored -> publish(userId, stored).onFailure().recoverWithNull());
    }

    private Uni<Void> publish(String userId, Feedback feedback) {
        return events.publish(userId, feedback)
                .ifNoItem().after(PUBLISH_WAIT).fail()
                .chain(() -> repository.markPublished(feedback.feedbackId()))
                .onFailure().invoke(e -> LOG.warnf("feedback.recorded %s not acknowledged yet (%s); the outbox will resend it",
                        feedback.feedbackId(), e.toString()));
    }

    /** The outbox: feedback whose event was not acknowledged is sent again, oldest first. */
    @Scheduled(every = "${echotune.recommender.feedback.resend-after}", delayed = "${echotune.recommender.feedback.resend-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resendUnpublished() {
        Instant before = Instant.now(clock).minus(config.feedback().resendAfter());
        return repository.unpublished(before, OUTBOX_BATCH)
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(p -> publish(p.userId(), p.feedback()).onFailure().recoverWithNull())
                .collect().last().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Feedback outbox run failed: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}

package io.echotune.commons.erasure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.messaging.UntilStored;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One service's side of an erasure: for a {@code user.deleted} on {@code echotune.user-events}, erase everything the
 * service holds of the user (retried until it is stored: a store outage delays an erasure, never loses it), then
 * report {@code user.erasure.completed} (retried until the broker acknowledged it). The returned Uni completes only
 * then, so the caller acknowledges the message (and its offset is committed) after both: a service that stops
 * half-way gets the event again and, erasure being idempotent, erases nothing new and reports again (same event id).
 * Other event types complete at once.
 */
@ApplicationScoped
public class ErasureParticipant {

    private static final Logger LOG = Logger.getLogger(ErasureParticipant.class);

    private final UntilStored untilStored;
    private final ObjectMapper json;

    public ErasureParticipant(UntilStored untilStored, ObjectMapper json) {
        this.untilStored = untilStored;
        this.json = json;
    }

    /**
     * {@link #handle(String, String, String, Function, BiFunction)} with the reports sent on the service's
     * {@code erasure-reports} emitter, keyed by the user id (one partition per user, in order). (A name of its own:
     * ingestion, which has no SmallRye messaging on its classpath, must not meet this signature when it calls
     * {@code handle}.)
     */
    public Uni<Void> handleReportingOn(MutinyEmitter<String> reports, String service, String consumer, String message,
                                       Function<String, Uni<Void>> erase) {
        return handle(service, consumer, message, erase, (key, report) -> reports.sendMessage(Message.of(report)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())));
    }

    /**
     * @param service  the name the gateway knows this service by ({@code chat}, {@code ingestion}, ...)
     * @param consumer the consumer's name in readiness ({@code event-consumers}) while it waits for a store
     * @param erase    erases everything of the user id it is given; idempotent
     * @param report   sends a report (key, JSON) and completes when the broker acknowledged it
     */
    public Uni<Void> handle(String service, String consumer, String message, Function<String, Uni<Void>> erase,
                            BiFunction<String, String, Uni<Void>> report) {
        Optional<ErasureEvents.ErasureRequest> read = ErasureEvents.readRequest(json, message);
        if (read.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ErasureEvents.ErasureRequest request = read.get();
        if (request.schemaVersion() == null || request.schemaVersion() != ErasureEvents.SCHEMA_VERSION) {
            // erasing is safe whatever the payload says: act, but say so loudly
            LOG.errorf("user.deleted event %s has unknown schemaVersion %s; erasing anyway", request.eventId(),
                    request.schemaVersion());
        }
        String userId = request.userId();
        return untilStored.run(consumer, "erasing the user of " + request.eventId(), () -> erase.apply(userId))
                .chain(() -> {
                    if (request.erasureId() == null) {
                        LOG.warnf("user.deleted event %s names no erasure: erased, nothing to report", request.eventId());
                        return Uni.createFrom().voidItem();
                    }
                    String completed = ErasureEvents.completed(json, request, service, Instant.now());
                    return untilStored.run(consumer, "reporting erasure " + request.erasureId() + " done",
                            () -> report.apply(userId, completed));
                })
                .invoke(() -> LOG.infof("%s: erased the user of erasure %s", service, request.erasureId()));
    }
}

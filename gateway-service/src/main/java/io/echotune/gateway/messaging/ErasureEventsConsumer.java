package io.echotune.gateway.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.erasure.ErasureEvents;
import io.echotune.commons.messaging.UntilStored;
import io.echotune.gateway.Erasure;
import io.echotune.gateway.service.ErasureService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Optional;

/**
 * The gateway's side of the erasure protocol (consumer group {@code gateway-erasure}, one for all replicas):
 * <ul>
 * <li>{@code user.deleted} on {@code echotune.user-events}: the gateway's own remains are erased (its Redis keys;
 * the account rows went with the request) and the gateway's part of the erasure is marked DONE;</li>
 * <li>{@code user.erasure.completed} on {@code echotune.erasure-reports}: the reporting service's part is marked
 * DONE, and the last one completes the erasure.</li>
 * </ul>
 * Both are waited out through store outages ({@link UntilStored}) and acknowledged only once stored; both are
 * idempotent (a part already DONE stays DONE).
 */
@ApplicationScoped
public class ErasureEventsConsumer {

    private final ErasureService erasures;
    private final UntilStored untilStored;
    private final ObjectMapper json;

    public ErasureEventsConsumer(ErasureService erasures, UntilStored untilStored, ObjectMapper json) {
        this.erasures = erasures;
        this.untilStored = untilStored;
        this.json = json;
    }

    @Incoming("user-events")
    public Uni<Void> onUserEvent(String message) {
        Optional<ErasureEvents.ErasureRequest> read = ErasureEvents.readRequest(json, message);
        if (read.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ErasureEvents.ErasureRequest request = read.get();
        return untilStored.run("user-events", "erasing the gateway's part of " + request.eventId(), () ->
                erasures.eraseRemains(request.userId())
                        .chain(() -> request.erasureId() == null ? Uni.createFrom().voidItem()
                                : erasures.reported(request.erasureId(), Erasure.GATEWAY, request.userId())));
    }

    @Incoming("erasure-reports")
    public Uni<Void> onReport(String message) {
        Optional<ErasureEvents.ErasureReport> read = ErasureEvents.readReport(json, message);
        if (read.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ErasureEvents.ErasureReport report = read.get();
        return untilStored.run("erasure-reports", "recording " + report.service() + "'s report on erasure " + report.erasureId(),
                () -> erasures.reported(report.erasureId(), report.service(), report.userId()));
    }
}

package io.echotune.recommender.messaging;

import io.echotune.recommender.service.UserDataService;
import io.echotune.commons.erasure.ErasureParticipant;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code user.deleted} on {@code echotune.user-events} (group {@code recommender-erasure}): the user's taste profile and feedback are erased, then
 * {@code user.erasure.completed} is reported on {@code echotune.erasure-reports}; the event is acknowledged only after
 * both (ErasureParticipant), so a recommender that was down erases when it is back.
 */
@ApplicationScoped
public class ErasureConsumer {

    static final String SERVICE = "recommender";

    private final ErasureParticipant participant;
    private final UserDataService erasure;
    private final MutinyEmitter<String> reports;

    public ErasureConsumer(ErasureParticipant participant, UserDataService erasure,
                           @Channel("erasure-reports") MutinyEmitter<String> reports) {
        this.participant = participant;
        this.erasure = erasure;
        this.reports = reports;
    }

    @Incoming("user-events")
    public Uni<Void> onUserEvent(String message) {
        return participant.handleReportingOn(reports, SERVICE, "user-events", message, erasure::erase);
    }
}

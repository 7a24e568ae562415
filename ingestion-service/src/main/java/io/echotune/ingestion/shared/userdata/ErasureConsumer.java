package io.echotune.ingestion.shared.userdata;

import io.echotune.commons.erasure.ErasureEvents;
import io.echotune.commons.erasure.ErasureParticipant;
import io.echotune.ingestion.shared.kafka.CommittingConsumer;
import io.echotune.ingestion.shared.kafka.EventSender;
import io.echotune.ingestion.shared.kafka.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code user.deleted} on {@code echotune.user-events} (group {@code ingestion-erasure}): the user's imports, staged
 * uploads, listening history and the catalog traces only they caused are erased (UserDataService), then
 * {@code user.erasure.completed} is reported on {@code echotune.erasure-reports} and acknowledged by the broker;
 * only then is the offset committed (CommittingConsumer), so an ingestion service that was down erases when it is back.
 * The plain Kafka client like the rest of this service (KafkaClients): one message per poll, handled on the
 * consumer's own thread.
 */
@ApplicationScoped
public class ErasureConsumer {

    static final String SERVICE = "ingestion";
    static final String GROUP = "ingestion-erasure";
    private static final Logger LOG = Logger.getLogger(ErasureConsumer.class);

    private final KafkaClients kafka;
    private final EventSender sender;
    private final ErasureParticipant participant;
    private final UserDataService userData;
    private CommittingConsumer consumer;

    public ErasureConsumer(KafkaClients kafka, EventSender sender, ErasureParticipant participant,
                           UserDataService userData) {
        this.kafka = kafka;
        this.sender = sender;
        this.participant = participant;
        this.userData = userData;
    }

    void onStart(@Observes StartupEvent event) {
        consumer = CommittingConsumer.perPoll(kafka, GROUP, ErasureEvents.USER_EVENTS_TOPIC, "erasure", 1,
                CommittingConsumer.Health.NONE, this::handle);
        consumer.start();
        LOG.infof("Erasure consumer started (group %s)", GROUP);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.stop();
        }
    }

    private void handle(List<ConsumerRecord<String, byte[]>> batch) {
        for (ConsumerRecord<String, byte[]> record : batch) {
            String message = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
            participant.handle(SERVICE, "user-events", message, userData::erase, this::report).await().indefinitely();
        }
    }

    /** Completes once the broker acknowledged the report (acks=all, the shared idempotent producer). */
    private Uni<Void> report(String key, String value) {
        return sender.sendAcknowledged(ErasureEvents.REPORTS_TOPIC, key, value.getBytes(StandardCharsets.UTF_8));
    }
}

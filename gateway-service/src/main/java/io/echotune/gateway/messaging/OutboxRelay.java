package io.echotune.gateway.messaging;

import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.repository.OutboxRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes the gateway's outbox ({@link OutboxRepository}) to Kafka: claims unsent events for a lease, sends each
 * (keyed, {@code acks=all}) and marks it sent only once the broker acknowledged it. Runs every
 * {@code echotune.gateway.outbox.poll-interval} and at once when woken after a commit. An event whose send fails
 * or times out is released and tried again on the next run; one claimed by a replica that died is sent again when its
 * lease runs out. So an event is sent at least once, in order of creation per relay run; consumers are idempotent.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final MutinyEmitter<String> emitter;
    private final GatewayConfig.Outbox config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wokenWhileRunning = new AtomicBoolean();

    public OutboxRelay(OutboxRepository outbox, @Channel("outbox") MutinyEmitter<String> emitter, GatewayConfig config) {
        this.outbox = outbox;
        this.emitter = emitter;
        this.config = config.outbox();
    }

    /** Something was just committed to the outbox: relay it now rather than at the next tick. */
    public void wake() {
        relay().subscribe().with(sent -> { }, e -> { });
    }

    @Scheduled(every = "${echotune.gateway.outbox.poll-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return relay().replaceWithVoid();
    }

    /** One run: everything unsent is claimed and sent, batch after batch. Answers how many were sent. */
    public Uni<Integer> relay() {
        if (!running.compareAndSet(false, true)) {
            wokenWhileRunning.set(true);   // the running one goes round once more
            return Uni.createFrom().item(0);
        }
        return drain(0)
                .onFailure().invoke(e -> LOG.warnf("Outbox relay run failed (retried on the next run): %s", e.toString()))
                .onFailure().recoverWithItem(0)
                .onTermination().invoke(() -> running.set(false));
    }

    private Uni<Integer> drain(int sentSoFar) {
        wokenWhileRunning.set(false);
        return outbox.claim(config.batchSize(), config.lease())
                .chain(claimed -> sendInOrder(claimed).chain(sent -> {
                    // a full batch may have more behind it; a wake during this round may have committed more
                    boolean more = sent == claimed.size()
                            && (claimed.size() == config.batchSize() || wokenWhileRunning.get());
                    return more ? drain(sentSoFar + sent) : Uni.createFrom().item(sentSoFar + sent);
                }));
    }

    /** Sends one after the other; stops at the first failure (later events wait, keeping their order). */
    private Uni<Integer> sendInOrder(List<OutboxRepository.OutboxMessage> claimed) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int[] sent = {0};
        return Multi.createFrom().iterable(claimed)
                .onItem().transformToUniAndConcatenate(message -> send(message)
                        .chain(() -> outbox.markSent(message.id(), Instant.now()))
                        .invoke(() -> sent[0]++))
                .collect().last()
                .replaceWith(() -> sent[0])
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Outbox: sending failed after %d of %d events; the rest is tried again: %s", sent[0],
                            claimed.size(), e.toString());
                    return Multi.createFrom().iterable(claimed.subList(sent[0], claimed.size()))
                            .onItem().transformToUniAndConcatenate(m -> outbox.release(m.id()))
                            .collect().last()
                            .onFailure().recoverWithNull()
                            .replaceWith(sent[0]);
                });
    }

    private Uni<Void> send(OutboxRepository.OutboxMessage message) {
        return emitter.sendMessage(Message.of(message.payload()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(message.topic()).withKey(message.key()).build()))
                .ifNoItem().after(config.sendTimeout()).fail();
    }
}

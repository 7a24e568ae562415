package io.echotune.ingestion.shared.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one way this service sends events: through the shared producer of {@link KafkaClients} (idempotent, acks from
 * all in-sync replicas, per-partition order kept), every event in an {@link EventEnvelope} whose id is derived from
 * what the event says, so a re-sent event is recognisably the same one. Nothing is fire-and-forget: a send is
 * either waited for ({@link #sendAndWait}, {@link #sendAcknowledged}) or tracked in an {@link Acks} that the caller
 * confirms before it records anything that depends on it.
 */
@ApplicationScoped
public class EventSender {

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;

    public EventSender(KafkaProducer<String, byte[]> producer, ObjectMapper json) {
        this.producer = producer;
        this.json = json;
    }

    /** The acknowledgements of a group of asynchronous sends: the first failure is kept. */
    public static final class Acks {
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        /** Throws the first send failure so far, if any. */
        public void check() throws Exception {
            Exception e = failure.get();
            if (e != null) {
                throw e;
            }
        }
    }

    /** An envelope of schema version 1 occurring now, whose event id is the name-based UUID of {@code idName}. */
    public static <T> EventEnvelope<T> envelope(String idName, String type, String userId, T payload) {
        return new EventEnvelope<>(eventId(idName), type, Instant.now(), userId, EventEnvelope.SCHEMA_VERSION, payload);
    }

    /** The deterministic event id of {@code name}. */
    public static UUID eventId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** The envelope as JSON, with the service's object mapper. */
    public byte[] toJson(EventEnvelope<?> envelope) {
        try {
            return json.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends asynchronously; blocks only while the producer's buffer is full (back-pressure). A failure is recorded
     * in {@code acks}.
     */
    public void send(Acks acks, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null) {
                acks.failure.compareAndSet(null, error);
            }
        });
    }

    /** Waits until the broker answered every send so far; throws the first failure of {@code acks}. */
    public void confirm(Acks acks) throws Exception {
        producer.flush();
        acks.check();
    }

    /** Sends and waits at most {@code timeout} for the broker's acknowledgement; throws what the send failed with. */
    public void sendAndWait(String topic, String key, byte[] value, Duration timeout) throws Exception {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Completes once the broker acknowledged the send, without blocking a thread. */
    public Uni<Void> sendAcknowledged(String topic, String key, byte[] value) {
        return Uni.createFrom().emitter(emitter -> producer.send(new ProducerRecord<>(topic, key, value),
                (metadata, failure) -> {
                    if (failure != null) {
                        emitter.fail(failure);
                    } else {
                        emitter.complete(null);
                    }
                }));
    }
}

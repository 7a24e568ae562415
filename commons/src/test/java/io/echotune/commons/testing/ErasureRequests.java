package io.echotune.commons.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.erasure.ErasureEvents;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Erasure as a service's tests see it, against the real broker of the stack ({@code ECHOTUNE_KAFKA_BOOTSTRAP}): send
 * {@code user.deleted} as the gateway does, and wait for the service's {@code user.erasure.completed} report.
 */
public final class ErasureRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErasureRequests() {
    }

    public static String bootstrap() {
        String bootstrap = System.getenv("ECHOTUNE_KAFKA_BOOTSTRAP");
        return bootstrap == null || bootstrap.isBlank() ? "localhost:19092" : bootstrap;
    }

    /** Sends the gateway's {@code user.deleted} for a new erasure of {@code userId}; answers the erasure id. */
    public static UUID requestErasure(String userId) {
        UUID erasureId = UUID.randomUUID();
        resend(erasureId, userId);
        return erasureId;
    }

    /** Sends the same {@code user.deleted} again (a redelivery, as Kafka may do). */
    public static void resend(UUID erasureId, String userId) {
        send(ErasureEvents.USER_EVENTS_TOPIC, userId,
                ErasureEvents.userDeleted(JSON, erasureId, userId, Instant.parse("2026-12-01T10:00:00Z")));
    }

    public static void send(String topic, String key, String value) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /** How many reports {@code service} sent for the erasure, read from the start of the topic for {@code wait}. */
    public static int reports(UUID erasureId, String service, Duration wait) {
        return (int) read(ErasureEvents.REPORTS_TOPIC, wait, Integer.MAX_VALUE).stream()
                .map(r -> ErasureEvents.readReport(JSON, r.value()))
                .flatMap(Optional::stream)
                .filter(r -> r.erasureId().equals(erasureId) && r.service().equals(service))
                .count();
    }

    /** Waits until {@code service} has reported the erasure done; fails after {@code timeout}. */
    public static ErasureEvents.ErasureReport awaitReport(UUID erasureId, String service, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ErasureEvents.ErasureReport> found = read(ErasureEvents.REPORTS_TOPIC, Duration.ofSeconds(2),
                    Integer.MAX_VALUE).stream()
                    .map(r -> ErasureEvents.readReport(JSON, r.value()))
                    .flatMap(Optional::stream)
                    .filter(r -> r.erasureId().equals(erasureId) && r.service().equals(service))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new AssertionError(service + " never reported erasure " + erasureId);
    }

    private static List<ConsumerRecord<String, String>> read(String topic, Duration wait, int max) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "erasure-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline && records.size() < max) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record);
                }
                boolean atEnd = partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                if (atEnd) {
                    break;
                }
            }
            return records;
        }
    }
}

package io.echotune.ingestion.shared.kafka;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The commit rule of {@link CommittingConsumer} against the real broker the tests run: offsets whose commit failed
 * retriably are kept and committed later, without handling anything twice; offsets whose partitions moved
 * (CommitFailedException) are dropped, the messages come again, and an idempotent handler stores each once.
 */
@QuarkusTest
class CommittingConsumerTest {

    private static final int MESSAGES = 3;

    @Inject
    KafkaClients kafka;

    @Inject
    KafkaProducer<String, byte[]> producer;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void offsetsWhoseCommitFailedRetriablyAreKeptAndCommittedLater() throws Exception {
        String topic = newTopicWithMessages();
        String group = "commit-test-" + UUID.randomUUID();
        List<Long> handled = new CopyOnWriteArrayList<>();
        List<Map<TopicPartition, OffsetAndMetadata>> attempts = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        KafkaConsumer<String, byte[]> brokerAwayTwice = new KafkaConsumer<>(consumerSettings(group, Map.of()),
                new StringDeserializer(), new ByteArrayDeserializer()) {
            @Override
            public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
                attempts.add(Map.copyOf(offsets));
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new TimeoutException("the broker did not answer the commit in time");
                }
                super.commitSync(offsets);
            }
        };
        CommittingConsumer loop = CommittingConsumer.perMessage("commit-test", topic, brokerAwayTwice,
                CommittingConsumer.Health.NONE, message -> handled.add(message.offset()));
        loop.start();
        try {
            awaitTrue(() -> committed(group, topic) == MESSAGES, "the kept offsets to be committed");
        } finally {
            loop.stop();
        }

        assertEquals(List.of(0L, 1L, 2L), handled, "each message handled once: a failed commit sends nothing back");
        assertTrue(attempts.size() >= 3, "two failed attempts, then the one that committed: " + attempts);
        TopicPartition partition = new TopicPartition(topic, 0);
        long failedFirst = attempts.get(0).get(partition).offset();
        assertTrue(attempts.get(1).get(partition).offset() >= failedFirst,
                "the offsets of the failed attempt were kept for the next: " + attempts);
        assertEquals(MESSAGES, attempts.get(attempts.size() - 1).get(partition).offset());
    }

    @Test
    void offsetsOfPartitionsThatMovedAreDroppedAndTheMessagesComeAgainOnce() throws Exception {
        String topic = newTopicWithMessages();
        String group = "commit-test-" + UUID.randomUUID();
        List<Long> deliveries = new CopyOnWriteArrayList<>();
        Set<String> stored = ConcurrentHashMap.newKeySet();
        AtomicInteger storedTwice = new AtomicInteger();
        // a consumer that takes longer than max.poll.interval.ms over its first poll is put out of the group, so
        // the commit that follows fails with CommitFailedException (a real rebalance, not a simulated one)
        KafkaConsumer<String, byte[]> slow = new KafkaConsumer<>(consumerSettings(group,
                Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 1_000)),
                new StringDeserializer(), new ByteArrayDeserializer());
        CommittingConsumer.PollHandler handler = batch -> {
            boolean firstDelivery = deliveries.isEmpty();
            for (ConsumerRecord<String, byte[]> message : batch) {
                deliveries.add(message.offset());
                String eventId = new String(message.value(), StandardCharsets.UTF_8);
                if (!stored.add(eventId)) {
                    storedTwice.incrementAndGet();   // recognised as stored: nothing written again
                }
            }
            if (firstDelivery) {
                Thread.sleep(3_000);
            }
        };
        CommittingConsumer loop = CommittingConsumer.perPoll("commit-test", topic, slow, CommittingConsumer.Health.NONE,
                handler);
        loop.start();
        try {
            awaitTrue(() -> committed(group, topic) == MESSAGES, "the redelivered messages to be committed");
        } finally {
            loop.stop();
        }

        assertEquals(2, Collections.frequency(deliveries, 0L),
                "the first message, whose offset was dropped, was delivered again: " + deliveries);
        assertEquals(MESSAGES, stored.size(), "each message stored once");
        assertEquals(deliveries.size() - MESSAGES, storedTwice.get(), "every redelivered message was recognised");
    }

    /** A new one-partition topic holding MESSAGES messages whose values are their event ids. */
    private String newTopicWithMessages() throws Exception {
        String topic = "ingestion-commit-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(adminSettings())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        for (int i = 0; i < MESSAGES; i++) {
            producer.send(new ProducerRecord<>(topic, "user", UUID.randomUUID().toString()
                    .getBytes(StandardCharsets.UTF_8))).get();
        }
        return topic;
    }

    private long committed(String group, String topic) {
        try (Admin admin = Admin.create(adminSettings())) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            return -1;
        }
    }

    private Map<String, Object> consumerSettings(String group, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(kafka.connectionSecurity());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putAll(overrides);
        return props;
    }

    private Map<String, Object> adminSettings() {
        Map<String, Object> props = new HashMap<>(kafka.connectionSecurity());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("Waited 60 s for " + what);
    }
}

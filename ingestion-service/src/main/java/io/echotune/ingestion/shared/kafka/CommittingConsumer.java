package io.echotune.ingestion.shared.kafka;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one poll/handle/commit loop of this service's consumers (history writer, enrichment requester and workers,
 * erasure), on its own thread. An offset is committed only after its message was handled; a failure seeks back to
 * the first message not handled and handles it again after a pause, so nothing is skipped (handlers are
 * idempotent). Stopping abandons what was handled but not committed: it is delivered again.
 * <p>
 * Two ways to hand messages over, one commit rule:
 * <ul>
 *   <li>{@link #perMessage}: each message alone, in partition order; a failed message holds back only the rest of
 *       its partition, and what was handled before it is committed.</li>
 *   <li>{@link #perPoll}: a poll's messages as one batch (resolved together, one round trip per batch); a failure
 *       sends every partition of the poll back to its first message of the poll.</li>
 * </ul>
 * Committing: a broker out of reach for longer than the commit's timeout ({@link RetriableException}) must not end
 * the loop (an import would stay RUNNING for good): the offsets are kept and committed with the next poll's. After a
 * rebalance ({@link CommitFailedException}) they are no longer this consumer's to commit: they are dropped, and the
 * partitions' new owner receives those messages again, which the idempotent handlers store nothing twice for.
 */
public final class CommittingConsumer implements Runnable {

    /** Handles one message; throwing makes it (and the rest of its partition) come again. */
    @FunctionalInterface
    public interface MessageHandler {
        void handle(ConsumerRecord<String, byte[]> message) throws Exception;
    }

    /** Handles one poll's messages; throwing makes the whole poll come again. */
    @FunctionalInterface
    public interface PollHandler {
        void handle(List<ConsumerRecord<String, byte[]>> batch) throws Exception;
    }

    /** Told of every handled message and every failure (a readiness check follows it); may do nothing. */
    public interface Health {
        Health NONE = new Health() { };

        default void succeeded() {
        }

        default void failed(Throwable failure) {
        }
    }

    private static final Logger LOG = Logger.getLogger(CommittingConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final String name;
    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Health health;
    private final MessageHandler perMessage;
    private final PollHandler perPoll;
    private final Thread thread;
    private volatile boolean running = true;
    /** Offsets of handled messages not committed yet (the broker was out of reach): committed with the next. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private boolean commitFailing;

    private CommittingConsumer(String name, String topic, KafkaConsumer<String, byte[]> consumer, Health health,
                               MessageHandler perMessage, PollHandler perPoll) {
        this.name = name;
        this.topic = topic;
        this.consumer = consumer;
        this.health = health;
        this.perMessage = perMessage;
        this.perPoll = perPoll;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    /**
     * A loop named {@code name} (its thread too) in consumer group {@code group} that hands {@code topic}'s messages
     * to {@code handler} one by one, at most 20 per poll.
     */
    public static CommittingConsumer perMessage(KafkaClients kafka, String group, String topic, String name,
                                                Health health, MessageHandler handler) {
        return perMessage(name, topic, kafka.consumer(group, clientId(name)), health, handler);
    }

    /**
     * A loop named {@code name} (its thread too) in consumer group {@code group} that hands {@code topic}'s messages
     * to {@code handler} a poll (at most {@code maxPollRecords}) at a time.
     */
    public static CommittingConsumer perPoll(KafkaClients kafka, String group, String topic, String name,
                                             int maxPollRecords, Health health, PollHandler handler) {
        return perPoll(name, topic, kafka.consumer(group, clientId(name), maxPollRecords), health, handler);
    }

    static CommittingConsumer perMessage(String name, String topic, KafkaConsumer<String, byte[]> consumer,
                                         Health health, MessageHandler handler) {
        return new CommittingConsumer(name, topic, consumer, health, handler, null);
    }

    static CommittingConsumer perPoll(String name, String topic, KafkaConsumer<String, byte[]> consumer,
                                      Health health, PollHandler handler) {
        return new CommittingConsumer(name, topic, consumer, health, null, handler);
    }

    /** Unique per consumer, so that the broker's logs tell the instances apart. */
    private static String clientId(String name) {
        return "ingestion-" + name + "-" + UUID.randomUUID();
    }

    public void start() {
        thread.start();
    }

    /** Asks the loop to stop without waiting; what was handled but not committed is delivered again. */
    public void signalStop() {
        running = false;
        consumer.wakeup();
    }

    /** Waits (at most 30 s) for a loop asked to stop to have closed its consumer. */
    public void awaitStop() {
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the loop and waits for it. */
    public void stop() {
        signalStop();
        awaitStop();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<String, byte[]> polled = consumer.poll(POLL_TIMEOUT);
                boolean allHandled = perPoll != null ? handlePoll(polled) : handleEach(polled);
                if (!uncommitted.isEmpty() && running) {
                    commit();
                }
                if (!allHandled) {
                    pause();
                }
            }
        } catch (WakeupException e) {
            // stop was called
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s stopped by an unexpected error", name);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Each message in partition order; what was handled joins the offsets to commit. False when one failed. */
    private boolean handleEach(ConsumerRecords<String, byte[]> polled) {
        Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
        boolean allHandled = true;
        for (TopicPartition partition : polled.partitions()) {
            for (ConsumerRecord<String, byte[]> message : polled.records(partition)) {
                if (!running) {
                    return true;   // abandon: not committed, delivered again
                }
                try {
                    perMessage.handle(message);
                    handled.put(partition, new OffsetAndMetadata(message.offset() + 1));
                    health.succeeded();
                } catch (WakeupException e) {
                    throw e;
                } catch (Exception e) {
                    health.failed(e);
                    LOG.errorf(e, "%s: handling %s offset %d failed; retrying from there", name, partition,
                            message.offset());
                    consumer.seek(partition, message.offset());
                    allHandled = false;
                    break;
                }
            }
        }
        uncommitted.putAll(handled);
        return allHandled;
    }

    /** The poll as one batch; on success all its offsets join those to commit. False when it failed. */
    private boolean handlePoll(ConsumerRecords<String, byte[]> polled) {
        if (polled.isEmpty()) {
            return true;
        }
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(polled.count());
        Map<TopicPartition, Long> first = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition partition : polled.partitions()) {
            for (ConsumerRecord<String, byte[]> message : polled.records(partition)) {
                batch.add(message);
                first.putIfAbsent(partition, message.offset());
                next.put(partition, new OffsetAndMetadata(message.offset() + 1));
            }
        }
        try {
            perPoll.handle(batch);
            health.succeeded();
        } catch (WakeupException e) {
            throw e;
        } catch (Exception e) {
            if (!running) {
                return true;   // stopping: not committed, delivered again
            }
            health.failed(e);
            LOG.errorf(e, "%s: handling %d message(s) of %s failed; retrying them", name, batch.size(), topic);
            first.forEach(consumer::seek);
            return false;
        }
        if (running) {
            uncommitted.putAll(next);
        }
        return true;
    }

    private void commit() {
        try {
            consumer.commitSync(uncommitted);
            uncommitted.clear();
            if (commitFailing) {
                commitFailing = false;
                health.succeeded();
            }
        } catch (RetriableException e) {
            commitFailing = true;
            health.failed(e);
            LOG.warnf("%s: committing offsets failed (%s); trying again with the next poll", name, e.getMessage());
        } catch (CommitFailedException e) {
            LOG.warnf("%s: the partitions moved before their offsets were committed; the new owner receives those "
                    + "messages again: %s", name, e.getMessage());
            uncommitted.clear();
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}

package io.echotune.ingestion.shared.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A plain Kafka consumer thread that hands each poll's messages to a handler as one batch and commits their offsets
 * only after the handler returned; when the handler fails, every partition of the poll is sought back to its first
 * message of the poll and the batch is handled again after a pause, so nothing is skipped (handlers are idempotent).
 * Like the history writer, and for the same reasons (see KafkaClients): commit after the store write, seek back on
 * failure, stop on demand.
 */
public final class BatchConsumer implements Runnable {

    /** Handles one poll's messages; throwing makes the whole batch come again. */
    @FunctionalInterface
    public interface Handler {
        void handle(List<ConsumerRecord<String, byte[]>> batch) throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(BatchConsumer.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final String name;
    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Handler handler;
    private final Thread thread;
    private volatile boolean running = true;

    public BatchConsumer(KafkaClients kafka, String group, String topic, String name, int maxPollRecords,
                         Handler handler) {
        this.name = name;
        this.topic = topic;
        this.consumer = kafka.consumer(group, "ingestion-" + name + "-" + UUID.randomUUID(), maxPollRecords);
        this.handler = handler;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Stops the loop; a batch handled but not committed is delivered again. */
    public void stop() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(500));
                if (polled.isEmpty()) {
                    continue;
                }
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(polled.count());
                Map<TopicPartition, Long> first = new HashMap<>();
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                for (TopicPartition partition : polled.partitions()) {
                    for (ConsumerRecord<String, byte[]> record : polled.records(partition)) {
                        batch.add(record);
                        first.putIfAbsent(partition, record.offset());
                        next.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    }
                }
                try {
                    handler.handle(batch);
                    if (running) {
                        consumer.commitSync(next);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (Exception e) {
                    if (!running) {
                        break;   // stopping: not committed, delivered again
                    }
                    LOG.errorf(e, "%s: handling %d message(s) of %s failed; retrying them", name, batch.size(), topic);
                    first.forEach(consumer::seek);
                    pause();
                }
            }
        } catch (WakeupException e) {
            // stop() was called
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s stopped by an unexpected error", name);
        } finally {
            consumer.close(Duration.ofSeconds(5));
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

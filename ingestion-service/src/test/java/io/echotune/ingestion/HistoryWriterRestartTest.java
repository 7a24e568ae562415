package io.echotune.ingestion;

import io.echotune.ingestion.history.messaging.HistoryWriterConsumer;
import io.echotune.ingestion.imports.messaging.ListeningEvents;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.echotune.ingestion.ImportFixtures.as;
import static io.echotune.ingestion.ImportFixtures.awaitCompleted;
import static io.echotune.ingestion.ImportFixtures.expected;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.number;
import static io.echotune.ingestion.ImportFixtures.sleep;
import static io.echotune.ingestion.ImportFixtures.streamingFiles;
import static io.echotune.ingestion.ImportFixtures.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The history writer is stopped in the middle of an import, abandoning batches it had written but not committed,
 * and started again: they are delivered again, and the import still ends with exact counts.
 */
@QuarkusTest
class HistoryWriterRestartTest {

    @org.junit.jupiter.api.AfterAll
    static void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
    }

    @Inject
    HistoryWriterConsumer writer;

    @Inject
    KafkaProducer<String, byte[]> producer;

    @Inject
    IngestionConfig config;

    @Test
    void importCountsStayExactWhenTheWriterIsRestartedMidImport() {
        List<Path> files = streamingFiles("basic", "bjayesh47");
        ImportFixtures.Expected expected = expected(files);
        String user = newUser();
        writer.stop();
        try {
            String importId = upload(user, files);
            // every batch and the seal are on the topic before the writer comes back
            awaitJob(user, importId, job -> number(job, "recordsRead") == expected.read());
            writer.start();
            awaitJob(user, importId, job -> number(job, "recordsWritten") > 0);
            writer.stop();   // mid-import: what it wrote since its last commit is delivered again
            writer.start();

            Map<String, Object> job = awaitCompleted(user, importId);
            assertEquals(expected.read(), number(job, "recordsRead"));
            assertEquals(expected.stored(), number(job, "recordsStored"));
            assertEquals(expected.duplicates(), number(job, "duplicates"));
            assertEquals(expected.rejected(), number(job, "rejected"));
        } finally {
            writer.start();
        }
    }

    /**
     * Another producer's message that breaks the contract (an eventId and importId that are not UUIDs) sits on the
     * partition of this user's import, ahead of it: it is skipped, and the import behind it completes.
     */
    @Test
    void aMalformedMessageAheadOfAnImportIsSkippedNotRetriedForever() throws Exception {
        List<Path> files = streamingFiles("basic", "bjayesh47");
        ImportFixtures.Expected expected = expected(files);
        String user = newUser();
        String malformed = "{\"eventId\":\"listen-probe-0\",\"type\":\"" + ListeningEvents.RECORDS + "\",\"userId\":\"" + user
                + "\",\"schemaVersion\":1,\"payload\":{\"importId\":\"imp-probe\",\"fileNo\":0,\"batchNo\":0,"
                + "\"records\":[]}}";
        String sealOfNothing = "{\"eventId\":\"" + java.util.UUID.randomUUID() + "\",\"type\":\"" + ListeningEvents.SEALED + "\","
                + "\"userId\":\"" + user + "\",\"schemaVersion\":1,\"payload\":{\"importId\":\"imp-probe\"}}";
        producer.send(new ProducerRecord<>(config.pipeline().listeningTopic(), user, malformed.getBytes(StandardCharsets.UTF_8))).get();
        producer.send(new ProducerRecord<>(config.pipeline().listeningTopic(), user, sealOfNothing.getBytes(StandardCharsets.UTF_8))).get();

        Map<String, Object> job = awaitCompleted(user, upload(user, files));
        assertEquals(expected.stored(), number(job, "recordsStored"));
    }

    private static void awaitJob(String user, String importId, Predicate<Map<String, Object>> condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> job = as(user).when().get("/api/v1/imports/" + importId)
                    .then().statusCode(200).extract().jsonPath().getMap("");
            if (condition.test(job)) {
                return;
            }
            sleep(20);
        }
        fail("Import " + importId + " did not reach the expected state");
    }
}

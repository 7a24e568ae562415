package io.echotune.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.ingestion.config.IngestionConfig;
import io.echotune.ingestion.repository.ImportJobRepository;
import io.echotune.ingestion.service.ImportRecovery;
import io.echotune.ingestion.service.UploadPlan;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.echotune.ingestion.ImportFixtures.awaitCompleted;
import static io.echotune.ingestion.ImportFixtures.expected;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.number;
import static io.echotune.ingestion.ImportFixtures.streamingFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An import left QUEUED by a stopped instance is resumed from its staging directory with exact counts. */
@QuarkusTest
class ImportRecoveryTest {

    @Inject
    ImportRecovery recovery;
    @Inject
    ImportJobRepository jobs;
    @Inject
    IngestionConfig config;
    @Inject
    ObjectMapper json;

    @AfterAll
    static void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
    }

    @Test
    void anInterruptedImportIsResumedFromItsStagingDirectory() throws Exception {
        Path file = streamingFiles("basic", "anferben").get(0);
        String user = newUser();
        UUID importId = UUID.randomUUID();
        // what an instance leaves behind when it stops after answering 202 and before its worker ran
        Path directory = Path.of(config.stagingDirectory()).resolve(importId.toString());
        Files.createDirectories(directory);
        Files.copy(file, directory.resolve("upload-0"));
        UploadPlan plan = new UploadPlan(List.of(new UploadPlan.Source(0, "StreamingHistory0.json", ImportFormat.BASIC,
                false, 0, null)), List.of());
        json.writeValue(directory.resolve("import.json").toFile(), new ImportRecovery.Manifest(importId, user, plan, 1));
        jobs.insert(user, new ImportJob(importId, ImportStatus.QUEUED, 0, 0, 0, 0, 0,
                List.of(new ImportJob.ImportedFile(0, "StreamingHistory0.json", ImportFormat.BASIC, 0, 0, 0, 0)),
                List.of(), List.of(), null, null, null, Instant.now().truncatedTo(ChronoUnit.MICROS), null, null,
                ImportJob.Enrichment.NONE))
                .await().atMost(Duration.ofSeconds(10));

        assertEquals(List.of(importId), recovery.recover(Instant.now().plusSeconds(1)));

        Map<String, Object> job = awaitCompleted(user, importId.toString());
        ImportFixtures.Expected expected = expected(List.of(file));
        assertEquals(expected.read(), number(job, "recordsRead"));
        assertEquals(expected.stored(), number(job, "recordsStored"));
        assertEquals(expected.duplicates(), number(job, "duplicates"));
        ImportFixtures.sleep(200);
        assertTrue(Files.notExists(directory), "the staging directory is removed when the import ends");
        // a second recovery finds nothing to do
        assertEquals(List.of(), recovery.recover(Instant.now().plusSeconds(1)));
    }
}

package io.echotune.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.ingestion.imports.ImportFormat;
import io.echotune.ingestion.imports.ImportJob;
import io.echotune.ingestion.imports.ImportStatus;
import io.echotune.ingestion.imports.repository.ImportJobRepository;
import io.echotune.ingestion.imports.service.ImportRecovery;
import io.echotune.ingestion.imports.service.ImportWorker;
import io.echotune.ingestion.imports.service.StagingArea;
import io.echotune.ingestion.imports.service.UploadPlan;
import io.echotune.ingestion.shared.config.IngestionConfig;
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
import static io.echotune.ingestion.ImportFixtures.awaitEnd;
import static io.echotune.ingestion.ImportFixtures.expected;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.number;
import static io.echotune.ingestion.ImportFixtures.streamingFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An import left QUEUED by a stopped instance is resumed from its staging directory with exact counts; recovery
 * never deletes a staged directory it cannot prove is its own, and fails an import whose staged files are gone.
 */
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
    @Inject
    StagingArea staging;

    private static final UploadPlan BASIC_PLAN = new UploadPlan(List.of(new UploadPlan.Source(0, "StreamingHistory0.json",
            ImportFormat.BASIC, false, 0, null)), List.of());

    private static ImportJob queuedJob(UUID importId) {
        return new ImportJob(importId, ImportStatus.QUEUED, 0, 0, 0, 0, 0,
                List.of(new ImportJob.ImportedFile(0, "StreamingHistory0.json", ImportFormat.BASIC, 0, 0, 0, 0)),
                List.of(), List.of(), null, null, null, Instant.now().truncatedTo(ChronoUnit.MICROS), null, null,
                ImportJob.Enrichment.NONE);
    }

    /** The job row an instance writes when it accepts an upload: staged here, not sealed. */
    private void insertStagedHere(String user, UUID importId) {
        var admission = jobs.insertWithinLimits(user, queuedJob(importId), staging.instance(), 1000, 10, Long.MAX_VALUE)
                .await().atMost(Duration.ofSeconds(10));
        assertTrue(admission.admitted());
    }

    /**
     * What an instance leaves behind when it stops after answering 202 and before its worker ran: the import's
     * staging directory with its manifest (the upload is the caller's to add) and its job row, staged here.
     */
    private Path stagedHere(String user, UUID importId) throws java.io.IOException {
        Path directory = Path.of(config.stagingDirectory()).resolve(importId.toString());
        Files.createDirectories(directory);
        json.writeValue(directory.resolve("import.json").toFile(),
                new ImportRecovery.Manifest(importId, user, BASIC_PLAN, 1, staging.storeId()));
        insertStagedHere(user, importId);
        return directory;
    }

    @AfterAll
    static void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
    }

    @Test
    void anInterruptedImportIsResumedFromItsStagingDirectory() throws Exception {
        Path file = streamingFiles("basic", "anferben").get(0);
        String user = newUser();
        UUID importId = UUID.randomUUID();
        Path directory = stagedHere(user, importId);
        Files.copy(file, directory.resolve("upload-0"));

        assertEquals(List.of(importId), recovery.recover(Instant.now().plusSeconds(1)).resumed());

        Map<String, Object> job = awaitCompleted(user, importId.toString());
        ImportFixtures.Expected expected = expected(List.of(file));
        assertEquals(expected.read(), number(job, "recordsRead"));
        assertEquals(expected.stored(), number(job, "recordsStored"));
        assertEquals(expected.duplicates(), number(job, "duplicates"));
        ImportFixtures.sleep(200);
        assertTrue(Files.notExists(directory), "the staging directory is removed when the import ends");
        // a second recovery finds nothing to do
        ImportRecovery.Outcome again = recovery.recover(Instant.now().plusSeconds(1));
        assertEquals(List.of(), again.resumed());
        assertFalse(again.lost().contains(importId), "a completed import is not lost");
    }

    @Test
    void aStagedImportOfAnotherStacksDatabaseIsNeverDeleted() throws Exception {
        // another stack on the same host, staging into the same directory by mistake: its database, not ours
        UUID importId = UUID.randomUUID();
        Path directory = Path.of(config.stagingDirectory()).resolve(importId.toString());
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("upload-0"), "[]");
        json.writeValue(directory.resolve("import.json").toFile(),
                new ImportRecovery.Manifest(importId, newUser(), BASIC_PLAN, 1, UUID.randomUUID()));
        // and one from before manifests named their database
        UUID legacyId = UUID.randomUUID();
        Path legacy = Path.of(config.stagingDirectory()).resolve(legacyId.toString());
        Files.createDirectories(legacy);
        json.writeValue(legacy.resolve("import.json").toFile(),
                new ImportRecovery.Manifest(legacyId, newUser(), BASIC_PLAN, 1, null));
        try {
            ImportRecovery.Outcome outcome = recovery.recover(Instant.now().plusSeconds(1));

            assertFalse(outcome.resumed().contains(importId));
            assertTrue(Files.exists(directory.resolve("upload-0")), "another database's staged upload is kept");
            assertTrue(Files.exists(legacy.resolve("import.json")), "an unprovable directory is kept");
        } finally {
            deleteTree(directory);
            deleteTree(legacy);
        }
    }

    @Test
    void aStagedImportOfThisDatabaseThatItNoLongerKnowsIsDeleted() throws Exception {
        UUID importId = UUID.randomUUID();
        Path directory = Path.of(config.stagingDirectory()).resolve(importId.toString());
        Files.createDirectories(directory);
        json.writeValue(directory.resolve("import.json").toFile(),
                new ImportRecovery.Manifest(importId, newUser(), BASIC_PLAN, 1, staging.storeId()));

        recovery.recover(Instant.now().plusSeconds(1));

        assertTrue(Files.notExists(directory), "our own leftover (job never recorded) is cleaned up");
    }

    @Test
    void aQueuedImportWhoseStagedFilesAreGoneIsFailedWithAReason() {
        String user = newUser();
        UUID importId = UUID.randomUUID();
        insertStagedHere(user, importId);   // accepted here, then its directory vanished (a wiped /tmp, a new disk)

        ImportRecovery.Outcome outcome = recovery.recover(Instant.now().plusSeconds(1));

        assertTrue(outcome.lost().contains(importId), outcome.toString());
        Map<String, Object> job = awaitEnd(user, importId.toString(), Duration.ofSeconds(10));
        assertEquals("FAILED", job.get("status"));
        assertEquals(ImportWorker.LOST_FILES, job.get("failure"));
    }

    @Test
    void aWorkerThatHitsAnUnexpectedErrorEndsTheImportFailedWithItsReason() throws Exception {
        // the staged upload changed after it was checked (a disk error, an operator): the worker fails on it
        String user = newUser();
        UUID importId = UUID.randomUUID();
        Files.writeString(stagedHere(user, importId).resolve("upload-0"),
                "[{\"endTime\": \"2024-03-01 10:15\", \"msPlayed\": ");

        assertEquals(List.of(importId), recovery.recover(Instant.now().plusSeconds(1)).resumed());

        Map<String, Object> job = awaitEnd(user, importId.toString(), Duration.ofSeconds(30));
        assertEquals("FAILED", job.get("status"));
        assertTrue(String.valueOf(job.get("failure")).startsWith("File 'StreamingHistory0.json' is truncated"),
                String.valueOf(job.get("failure")));
    }

    @Test
    void anImportWhoseUploadVanishedBeforeItsWorkerRanFailsInsteadOfStayingQueued() throws Exception {
        String user = newUser();
        UUID importId = UUID.randomUUID();
        Path directory = stagedHere(user, importId);   // the manifest survived, the upload did not

        assertEquals(List.of(importId), recovery.recover(Instant.now().plusSeconds(1)).resumed());

        Map<String, Object> job = awaitEnd(user, importId.toString(), Duration.ofSeconds(30));
        assertEquals("FAILED", job.get("status"));
        assertEquals(ImportWorker.LOST_FILES, job.get("failure"));
        ImportFixtures.sleep(200);
        assertTrue(Files.notExists(directory));
    }

    private static void deleteTree(Path directory) throws java.io.IOException {
        try (var paths = Files.walk(directory)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

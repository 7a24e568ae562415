package io.echotune.ingestion;

import io.echotune.ingestion.imports.ImportJob;
import io.echotune.ingestion.imports.ImportStatus;
import io.echotune.ingestion.imports.repository.ImportJobRepository;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.echotune.ingestion.ImportFixtures.newUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job writes that a retry may repeat (PostgresOutageTest shows the outage itself), against the real PostgreSQL:
 * an UPDATE whose answer was lost is sent again, and must not change the result.
 */
@QuarkusTest
class ImportJobRepositoryTest {

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    ImportJobRepository jobs;

    @Test
    void aBatchDeliveredAgainAddsToTheProgressOnce() {
        UUID importId = createRunningJob();

        assertTrue(addWritten(importId, 0, 0, 100));
        assertFalse(addWritten(importId, 0, 0, 100), "the same batch again (answer lost, or redelivered)");
        assertTrue(addWritten(importId, 0, 1, 100));
        assertFalse(addWritten(importId, 0, 0, 100), "an earlier batch sent again by a resumed import");
        assertTrue(addWritten(importId, 1, 0, 35), "the next file's first batch");
        assertFalse(addWritten(importId, 0, 1, 100));

        assertEquals(235, jobs.find(importId).await().atMost(STORE_TIMEOUT).job().recordsWritten());
    }

    @Test
    void aFailureRecordedAgainIsReportedAgainAndEndsTheProgress() {
        UUID importId = createRunningJob();

        assertTrue(fail(importId, "the broker did not acknowledge"));
        assertTrue(fail(importId, "the broker did not acknowledge"),
                "a retry whose first attempt committed but lost its answer still reports the failure");
        assertFalse(fail(importId, "another reason"), "an import fails once");
        assertFalse(addWritten(importId, 0, 0, 100), "an ended import's progress does not move");

        ImportJob job = jobs.find(importId).await().atMost(STORE_TIMEOUT).job();
        assertEquals(ImportStatus.FAILED, job.status());
        assertEquals("the broker did not acknowledge", job.failure());
        assertEquals(0, job.recordsWritten());
    }

    private UUID createRunningJob() {
        UUID importId = UUID.randomUUID();
        ImportJob queued = new ImportJob(importId, ImportStatus.QUEUED, 0, 0, 0, 0, 0, List.of(), List.of(), List.of(),
                null, null, null, Instant.now().truncatedTo(ChronoUnit.MICROS), null, null, ImportJob.Enrichment.NONE);
        jobs.insert(newUser(), queued).await().atMost(STORE_TIMEOUT);
        jobs.markRunning(importId, Instant.now()).await().atMost(STORE_TIMEOUT);
        return importId;
    }

    private boolean addWritten(UUID importId, int fileNo, long batchNo, long records) {
        return jobs.addWritten(importId, fileNo, batchNo, records).await().atMost(STORE_TIMEOUT);
    }

    private boolean fail(UUID importId, String reason) {
        return jobs.fail(importId, reason, Instant.now()).await().atMost(STORE_TIMEOUT);
    }
}

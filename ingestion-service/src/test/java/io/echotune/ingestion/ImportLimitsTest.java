package io.echotune.ingestion;

import io.echotune.ingestion.imports.ImportJob;
import io.echotune.ingestion.imports.ImportStatus;
import io.echotune.ingestion.imports.repository.ImportJobRepository;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.echotune.ingestion.ImportFixtures.as;
import static io.echotune.ingestion.ImportFixtures.awaitCompleted;
import static io.echotune.ingestion.ImportFixtures.extended;
import static io.echotune.ingestion.ImportFixtures.list;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Per-user limits on unfinished imports (issue 15): one user cannot queue imports (each up to the upload limit on
 * disk) without bound. Over a limit, POST /api/v1/imports is a 429 problem with Retry-After and nothing is staged.
 */
@QuarkusTest
class ImportLimitsTest {

    private static final String URI = "spotify:track:0Ofy3YPR4tF1Uq5OtYUOfz";
    private static final String FILE = "Streaming_History_Audio_2024.json";
    /** Jobs inserted by these tests are staged "elsewhere", so no recovery of this instance ever touches them. */
    private static final String ELSEWHERE = "another-instance:/nowhere";

    @Inject
    ImportJobRepository jobs;
    @Inject
    IngestionConfig config;

    @AfterAll
    static void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
    }

    private static byte[] oneRecord() {
        return list(extended("2024-03-01T10:15:42Z", 200_000, URI, "A", "B"));
    }

    private static ImportJob queued() {
        return new ImportJob(UUID.randomUUID(), ImportStatus.QUEUED, 0, 0, 0, 0, 0, List.of(), List.of(), List.of(),
                null, null, null, Instant.now().truncatedTo(ChronoUnit.MICROS), null, null, ImportJob.Enrichment.NONE);
    }

    /** An unfinished import of the user, as one still running on some instance leaves it. */
    private UUID unfinished(String user, long stagedBytes) {
        ImportJob job = queued();
        var admission = jobs.insertWithinLimits(user, job, ELSEWHERE, stagedBytes, Integer.MAX_VALUE, Long.MAX_VALUE)
                .await().atMost(Duration.ofSeconds(10));
        assertEquals(true, admission.admitted());
        return job.importId();
    }

    private void end(UUID importId) {
        jobs.fail(importId, "ended by the test", Instant.now()).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void aThirdUnfinishedImportIsRefusedWith429AndRetryAfter() {
        String user = newUser();
        UUID first = unfinished(user, 1000);
        UUID second = unfinished(user, 1000);

        as(user).multiPart("file", FILE, oneRecord(), "application/octet-stream")
                .when().post("/api/v1/imports")
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", equalTo(Long.toString(config.perUser().retryAfter().toSeconds())))
                .body("status", equalTo(429))
                .body("detail", containsString("You have 2 imports still running (at most 2 at a time)"));
        as(user).when().get("/api/v1/imports").then().statusCode(200).body("size()", equalTo(2));

        end(first);
        awaitCompleted(user, ImportFixtures.uploadBytes(user, FILE, oneRecord()));
        end(second);
    }

    @Test
    void anUploadOverTheUsersStagedBytesIsRefusedWith429() {
        String user = newUser();
        UUID big = unfinished(user, config.perUser().maxStagedBytes() - 10);

        as(user).multiPart("file", FILE, oneRecord(), "application/octet-stream")
                .when().post("/api/v1/imports")
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", equalTo("60"))
                .body("detail", containsString("You have 1 import still running, holding 2048.0 MiB of uploads"));
        end(big);
    }

    @Test
    void concurrentUploadsCannotSlipPastTheLimitTogether() throws Exception {
        String user = newUser();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            List<UUID> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 6; i++) {
                attempts.add(() -> {
                    ImportJob job = queued();
                    ids.add(job.importId());
                    return jobs.insertWithinLimits(user, job, ELSEWHERE, 100, 2, Long.MAX_VALUE)
                            .await().atMost(Duration.ofSeconds(20)).admitted();
                });
            }
            long admitted = 0;
            for (Future<Boolean> f : pool.invokeAll(attempts)) {
                admitted += f.get() ? 1 : 0;
            }
            assertEquals(2, admitted);
            assertEquals(2, jobs.usage(user).await().atMost(Duration.ofSeconds(10)).unfinished());
            ids.forEach(this::end);
        } finally {
            pool.shutdownNow();
        }
    }
}

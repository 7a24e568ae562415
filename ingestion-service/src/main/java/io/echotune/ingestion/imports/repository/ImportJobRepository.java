package io.echotune.ingestion.imports.repository;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.ingestion.imports.ImportJob;
import io.echotune.ingestion.imports.ImportStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.echotune.ingestion.shared.store.PgColumns.fromJsonb;
import static io.echotune.ingestion.shared.store.PgColumns.instant;
import static io.echotune.ingestion.shared.store.PgColumns.toJson;
import static io.echotune.ingestion.shared.store.PgColumns.utc;

/**
 * Import jobs in PostgreSQL (schema {@code ingestion}). Written with the reactive SQL client rather than Hibernate
 * Reactive: jobs are updated from import workers and from the Kafka consumer thread, which are not Vert.x contexts
 * (a Hibernate Reactive session must be), and progress is a single atomic {@code UPDATE ... SET n = n + ?}.
 * Every read a user can trigger is scoped by user id.
 */
@ApplicationScoped
public class ImportJobRepository {

    private static final String COLUMNS = "id, user_id, status, files, skipped_files, errors, records_read, records_stored,"
            + " duplicates, rejected, records_written, first_played_at, last_played_at, failure, created_at, started_at, finished_at,"
            + " tracks_seen, tracks_resolved, tracks_unresolved";
    private static final String TABLE = "ingestion.import_jobs";
    private static final TypeReference<List<ImportJob.ImportedFile>> FILES = new TypeReference<>() { };
    private static final TypeReference<List<ImportJob.RecordError>> ERRORS = new TypeReference<>() { };
    private static final TypeReference<List<ImportJob.SkippedFile>> SKIPPED = new TypeReference<>() { };

    private final Pool pool;
    private final ObjectMapper json;

    public ImportJobRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** An import job with its owner; the owner never leaves the service. */
    public record StoredJob(String userId, ImportJob job) {
    }

    public Uni<Void> insert(String userId, ImportJob job) {
        return pool.preparedQuery("INSERT INTO ingestion.import_jobs (id, user_id, status, files, skipped_files, created_at)"
                        + " VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)")
                .execute(Tuple.from(List.of(job.importId(), userId, job.status().name(), toJson(json, job.files()),
                        toJson(json, job.skippedFiles()), utc(job.createdAt()))))
                .replaceWithVoid();
    }

    /** What one user's unfinished (QUEUED or RUNNING) imports hold: how many, and the bytes still staged. */
    public record Usage(long unfinished, long stagedBytes) {
    }

    /** Whether {@link #insertWithinLimits} inserted the job, and the user's usage it decided on. */
    public record Admission(boolean admitted, Usage usage) {
    }

    private static final String USAGE = "SELECT count(*) AS unfinished,"
            + " coalesce(sum(staged_bytes) FILTER (WHERE sealed_at IS NULL), 0) AS staged_bytes"
            + " FROM ingestion.import_jobs WHERE user_id = $1 AND status IN ('QUEUED', 'RUNNING')";

    public Uni<Usage> usage(String userId) {
        return pool.preparedQuery(USAGE).execute(Tuple.of(userId)).map(ImportJobRepository::usage);
    }

    private static Usage usage(RowSet<Row> rows) {
        Row row = rows.iterator().next();
        return new Usage(row.getLong("unfinished"), row.getLong("staged_bytes"));
    }

    /**
     * Inserts the job only while the user stays within the limits, this import included: at most
     * {@code maxUnfinished} unfinished imports and {@code maxStagedBytes} staged bytes. The check and the insert
     * run in one transaction under a per-user advisory lock, so two uploads at the same moment cannot both slip
     * under the limit.
     */
    public Uni<Admission> insertWithinLimits(String userId, ImportJob job, String stagedIn, long stagedBytes,
                                             int maxUnfinished, long maxStagedBytes) {
        return pool.withTransaction(conn -> conn
                .preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended('ingestion.import_jobs:' || $1, 0))")
                .execute(Tuple.of(userId))
                .chain(() -> conn.preparedQuery(USAGE).execute(Tuple.of(userId)))
                .map(ImportJobRepository::usage)
                .chain(usage -> {
                    if (usage.unfinished() + 1 > maxUnfinished || usage.stagedBytes() + stagedBytes > maxStagedBytes) {
                        return Uni.createFrom().item(new Admission(false, usage));
                    }
                    return conn.preparedQuery("INSERT INTO ingestion.import_jobs (id, user_id, status, files,"
                                    + " skipped_files, created_at, staged_in, staged_bytes)"
                                    + " VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8)")
                            .execute(Tuple.from(List.of(job.importId(), userId, job.status().name(),
                                    toJson(json, job.files()), toJson(json, job.skippedFiles()), utc(job.createdAt()),
                                    stagedIn, stagedBytes)))
                            .replaceWith(new Admission(true, usage));
                }));
    }

    /** Every record of the import is in Kafka: its staged files are no longer needed (nor counted per user). */
    public Uni<Void> sealed(UUID importId, Instant sealedAt) {
        return pool.preparedQuery("UPDATE ingestion.import_jobs SET sealed_at = $2 WHERE id = $1 AND sealed_at IS NULL")
                .execute(Tuple.of(importId, utc(sealedAt))).replaceWithVoid();
    }

    /** An unfinished import whose uploads were staged by one instance and not sealed yet. */
    public record UnsealedImport(UUID importId, String userId) {
    }

    /** The unfinished, unsealed imports staged in {@code stagedIn} that were created before {@code createdBefore}. */
    public Uni<List<UnsealedImport>> unsealedStagedIn(String stagedIn, Instant createdBefore) {
        return pool.preparedQuery("SELECT id, user_id FROM ingestion.import_jobs WHERE staged_in = $1"
                        + " AND status IN ('QUEUED', 'RUNNING') AND sealed_at IS NULL AND created_at < $2")
                .execute(Tuple.of(stagedIn, utc(createdBefore)))
                .map(rows -> {
                    List<UnsealedImport> found = new ArrayList<>();
                    for (Row row : rows) {
                        found.add(new UnsealedImport(row.getUUID("id"), row.getString("user_id")));
                    }
                    return found;
                });
    }

    /** The identity of this database (V3 migration), written into staging manifests. */
    public Uni<UUID> storeId() {
        return pool.query("SELECT id FROM ingestion.store_identity").execute()
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    public Uni<Void> markRunning(UUID importId, Instant startedAt) {
        return pool.preparedQuery("UPDATE ingestion.import_jobs SET status = 'RUNNING', started_at = $2 WHERE id = $1 AND status = 'QUEUED'")
                .execute(Tuple.of(importId, utc(startedAt))).replaceWithVoid();
    }

    /**
     * Parsing progress while the files are read. It only grows: an update sent without waiting for its answer that
     * lands after {@link #parsed} (another pooled connection) cannot take the final counts back.
     */
    public Uni<Void> parseProgress(UUID importId, long recordsRead, long rejected) {
        return pool.preparedQuery("UPDATE ingestion.import_jobs SET records_read = greatest(records_read, $2),"
                        + " rejected = greatest(rejected, $3) WHERE id = $1 AND status = 'RUNNING'")
                .execute(Tuple.of(importId, recordsRead, rejected)).replaceWithVoid();
    }

    /**
     * All files parsed: the final read and rejected counts, per file too, the kept errors and the number of unique
     * music tracks (their rows in import_tracks are written just before).
     */
    public Uni<Void> parsed(UUID importId, List<ImportJob.ImportedFile> files, long recordsRead, long rejected,
                            List<ImportJob.RecordError> errors, Instant firstPlayedAt, Instant lastPlayedAt,
                            long tracksSeen) {
        return pool.preparedQuery("UPDATE ingestion.import_jobs SET files = $2::jsonb, records_read = $3, rejected = $4,"
                        + " errors = $5::jsonb, first_played_at = $6, last_played_at = $7, tracks_seen = $8"
                        + " WHERE id = $1 AND status = 'RUNNING'")
                .execute(Tuple.from(new Object[] {importId, toJson(json, files), recordsRead, rejected, toJson(json, errors),
                        utc(firstPlayedAt), utc(lastPlayedAt), tracksSeen}))
                .replaceWithVoid();
    }

    /**
     * Adds a written batch to the writer's progress, once: the row keeps the last batch it added (file, batch) and
     * the same UPDATE adds only a batch past it. The batches of one import reach the history writer in that order
     * (one partition per user, files and batches sent in order), so a batch delivered again (its earlier UPDATE
     * committed but its answer lost when PostgreSQL went away, or a redelivery after a restart, or a resumed
     * import sending its batches again) is never past the mark. One statement, no extra round trip.
     * False when the batch was counted already (or the import is not RUNNING).
     */
    public Uni<Boolean> addWritten(UUID importId, int fileNo, long batchNo, long records) {
        return pool.preparedQuery("UPDATE ingestion.import_jobs SET records_written = records_written + $4,"
                        + " written_file_no = $2, written_batch_no = $3"
                        + " WHERE id = $1 AND status = 'RUNNING' AND (written_file_no, written_batch_no) < ($2, $3)")
                .execute(Tuple.of(importId, fileNo, batchNo, records))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Final counts; only a RUNNING job completes, so a redelivered seal changes nothing. */
    public Uni<Boolean> complete(UUID importId, List<ImportJob.ImportedFile> files, long stored, long duplicates,
                                 Instant finishedAt) {
        return pool.preparedQuery("UPDATE ingestion.import_jobs SET status = 'COMPLETED', files = $2::jsonb,"
                        + " records_stored = $3, duplicates = $4, finished_at = $5 WHERE id = $1 AND status = 'RUNNING'")
                .execute(Tuple.of(importId, toJson(json, files), stored, duplicates, utc(finishedAt)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Ends an unfinished job FAILED. True also when the job already failed for this very reason: a retry after an
     * attempt whose UPDATE committed but whose answer was lost (PostgreSQL went away) still reports the failure,
     * so the caller publishes import.failed (the same event again, at worst).
     */
    public Uni<Boolean> fail(UUID importId, String failure, Instant finishedAt) {
        return pool.preparedQuery("UPDATE ingestion.import_jobs SET status = 'FAILED', failure = $2,"
                        + " finished_at = CASE WHEN status = 'FAILED' THEN finished_at ELSE $3 END"
                        + " WHERE id = $1 AND (status IN ('QUEUED', 'RUNNING') OR (status = 'FAILED' AND failure = $2))")
                .execute(Tuple.of(importId, failure, utc(finishedAt)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** For the pipeline, which acts on behalf of the import's owner. */
    public Uni<StoredJob> find(UUID importId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ingestion.import_jobs WHERE id = $1")
                .execute(Tuple.of(importId))
                .map(rows -> first(rows));
    }

    public Uni<ImportJob> findOwned(String userId, UUID importId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ingestion.import_jobs WHERE id = $1 AND user_id = $2")
                .execute(Tuple.of(importId, userId))
                .map(rows -> {
                    StoredJob stored = first(rows);
                    return stored == null ? null : stored.job();
                });
    }

    public Uni<List<ImportJob>> listOwned(String userId, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ingestion.import_jobs WHERE user_id = $1"
                        + " ORDER BY created_at DESC, id DESC LIMIT $2")
                .execute(Tuple.of(userId, limit))
                .map(rows -> {
                    List<ImportJob> jobs = new ArrayList<>();
                    for (Row row : rows) {
                        jobs.add(toJob(row));
                    }
                    return jobs;
                });
    }

    private StoredJob first(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row row = it.next();
        return new StoredJob(row.getString("user_id"), toJob(row));
    }

    private ImportJob toJob(Row row) {
        return new ImportJob(row.getUUID("id"), ImportStatus.valueOf(row.getString("status")),
                row.getLong("records_read"), row.getLong("records_stored"), row.getLong("duplicates"),
                row.getLong("rejected"), row.getLong("records_written"),
                fromJsonb(json, row.getValue("files"), FILES, TABLE), fromJsonb(json, row.getValue("errors"), ERRORS, TABLE),
                fromJsonb(json, row.getValue("skipped_files"), SKIPPED, TABLE),
                instant(row, "first_played_at"), instant(row, "last_played_at"), row.getString("failure"),
                instant(row, "created_at"), instant(row, "started_at"), instant(row, "finished_at"),
                ImportJob.Enrichment.of(row.getLong("tracks_seen"), row.getLong("tracks_resolved"),
                        row.getLong("tracks_unresolved")));
    }

}

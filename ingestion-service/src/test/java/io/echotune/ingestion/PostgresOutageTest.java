package io.echotune.ingestion;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.echotune.commons.testing.PostgresProxy;
import io.echotune.commons.testing.SwitchableProxy;
import io.echotune.ingestion.history.messaging.HistoryWriterConsumer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.echotune.ingestion.ImportFixtures.as;
import static io.echotune.ingestion.ImportFixtures.basic;
import static io.echotune.ingestion.ImportFixtures.awaitEnd;
import static io.echotune.ingestion.ImportFixtures.expected;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static io.echotune.ingestion.ImportFixtures.number;
import static io.echotune.ingestion.ImportFixtures.streamingFiles;
import static io.echotune.ingestion.ImportFixtures.upload;
import static io.echotune.ingestion.ImportFixtures.uploadBytes;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * PostgreSQL out of reach while an import's events flow (issue 15), and while clients call the import endpoints (a
 * 503 with Retry-After naming PostgreSQL, then the same calls succeed once it is back). The service reaches the real
 * PostgreSQL through a {@link SwitchableProxy} (commons' {@link PostgresProxy}) that the test cuts (listener closed,
 * open connections reset) and restores; Kafka and MongoDB stay up. Whatever the writer or the worker was doing at the cut, the import must end COMPLETED with
 * {@code recordsRead = recordsStored + duplicates + rejected} (per file too), {@code recordsStored} equal to what
 * {@code listening_history} holds for it, each batch counted once in {@code recordsWritten}, and importing the
 * same files again must store nothing new.
 * <p>
 * Where the cut falls is chosen, not guessed: a connection of the test's own, straight to PostgreSQL, holds a lock
 * that stops the service at one statement (the writer's progress UPDATE after a batch is in MongoDB; the worker's
 * first write after it sent every batch), the test sees it waiting in {@code pg_stat_activity}, cuts the proxy, then
 * lets the lock go: the waiting statement's session commits with no one to answer (the "committed, but the answer
 * was lost" case). The outage lasts until readiness shows the stalled consumer. No sleeps, only polls with deadlines.
 */
@QuarkusTest
@TestProfile(PostgresOutageTest.BehindPostgresProxy.class)
class PostgresOutageTest {

    private static final Duration DEADLINE = Duration.ofSeconds(45);
    private static MongoClient mongo;

    @Inject
    HistoryWriterConsumer writer;

    @PostgresProxy.Injected
    SwitchableProxy postgres;

    @AfterEach
    void postgresIsBack() {
        postgres.switchOn();
        writer.start();
    }

    @AfterAll
    static void deleteTestHistory() {
        ImportFixtures.deleteTestHistory();
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void importCountsStayExactWhenPostgresGoesDownWhileBatchesAreWritten() throws SQLException {
        List<Path> files = streamingFiles("extended", "efrrowini");
        ImportFixtures.Expected expected = expected(files);
        String user = newUser();

        // Every batch and the seal wait on the topic first, so that the writer alone meets the outage, between
        // two of the import's tens of batches (small batches, see the profile).
        writer.stop();
        String importId = upload(user, files);
        await("the import is parsed and sealed", () -> number(job(user, importId), "recordsRead") == expected.read());
        try (Connection holder = direct(); Connection monitor = direct()) {
            holder.setAutoCommit(false);
            writer.start();
            await("the writer stores a quarter of the import", () -> storedFor(user) >= expected.stored() / 4);
            // Holding the job's row stops the writer right after a batch is in MongoDB, at its progress UPDATE.
            long writtenBefore = written(holder, importId, true);
            await("the writer waits to add a batch to the job's progress",
                    () -> waitingOnALock(monitor, "%SET records_written = records_written +%"));
            long atCut = storedFor(user);

            postgres.switchOff();
            // PostgreSQL is gone for the service; the session of its waiting UPDATE lives on and, once the row is
            // free, commits a batch whose answer has nowhere to go: the writer sees a failure and tries it again.
            holder.commit();
            await("the batch's progress committed after the cut", () -> written(monitor, importId, false) > writtenBefore);
            await("readiness shows the history writer waiting for PostgreSQL", () -> stalled().contains("history-writer"));
            postgres.switchOn();
            System.out.printf("PostgreSQL cut with %d of %d records stored (%d written in the job before)%n", atCut,
                    expected.stored(), writtenBefore);
            assertTrue(atCut < expected.stored(), "the cut fell while batches were still to be written");
        }

        Map<String, Object> job = assertCompletedExactly(user, importId, files);
        assertEquals(expected.stored(), number(job, "recordsStored"), "recordsStored");
        await("readiness is UP again", () -> stalled().isEmpty());

        // The same files again: nothing new stored, every accepted record a duplicate.
        String again = upload(user, files);
        Map<String, Object> reimport = assertCompletedExactly(user, again, files);
        assertEquals(0, number(reimport, "recordsStored"));
        assertEquals(expected.read() - expected.rejected(), number(reimport, "duplicates"));
        assertEquals(expected.stored(), storedFor(user), "the store holds the first import's records, no more");
    }

    @Test
    void anImportWhoseWorkerMeetsThePostgresOutageCompletesOnceItIsBack() throws SQLException {
        List<Path> files = streamingFiles("extended", "efrrowini");
        ImportFixtures.Expected expected = expected(files);
        String user = newUser();

        try (Connection holder = direct(); Connection monitor = direct()) {
            holder.setAutoCommit(false);
            // Writes into import_tracks wait: the worker stops after it sent every batch, before it records the
            // import's tracks, its counts and its seal.
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE ingestion.import_tracks IN SHARE MODE");
            }
            String importId = upload(user, files);
            await("the worker waits to record the import's tracks",
                    () -> waitingOnALock(monitor, "INSERT INTO ingestion.import_tracks%"));

            postgres.switchOff();
            holder.commit();
            await("readiness shows the import worker waiting for PostgreSQL", () -> stalled().contains("import-worker"));
            postgres.switchOn();

            Map<String, Object> job = assertCompletedExactly(user, importId, files);
            assertEquals(expected.stored(), number(job, "recordsStored"), "recordsStored");
        }
    }

    @Test
    void theImportEndpointsAnswer503NamingPostgresWhileItIsDownAndWorkOnceItIsBack() {
        String user = newUser();
        byte[] export = ImportFixtures.list(basic("2024-03-01 10:00", "Outage Artist", "Outage Track", 200_000));
        String importId = uploadBytes(user, "StreamingHistory_music_0.json", export);

        postgres.switchOff();
        // Uploading (the user's usage, then the job), listing and reading an import all need the job store.
        assertUnavailableTwice(() -> as(user).multiPart("file", "StreamingHistory_music_0.json", export,
                "application/octet-stream").when().post("/api/v1/imports"));
        assertUnavailableTwice(() -> as(user).when().get("/api/v1/imports"));
        assertUnavailableTwice(() -> as(user).when().get("/api/v1/imports/" + importId));
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.findAll { it.status == 'DOWN' }.name", hasItem(containsString("PostgreSQL")));
        postgres.switchOn();

        await("an upload is accepted again", () -> {
            ImportFixtures.sleep(200);   // the pool reconnects on demand; no need to upload a hundred times a second
            return as(user).multiPart("file", "StreamingHistory_music_0.json", export, "application/octet-stream")
                    .when().post("/api/v1/imports").statusCode() == 202;
        });
        as(user).when().get("/api/v1/imports").then().statusCode(200);
        job(user, importId);
    }

    /** The first call meets the pooled connections the cut reset, the second a refused new connection. */
    private static void assertUnavailableTwice(java.util.function.Supplier<io.restassured.response.Response> call) {
        for (int attempt = 0; attempt < 2; attempt++) {
            long started = System.nanoTime();
            call.get().then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("urn:echotune:problem:service-unavailable"))
                    .body("detail", containsString("PostgreSQL"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 3_500, "answered in " + millis + " ms");
        }
    }

    /**
     * Waits for the import to end and checks what must hold however the outage fell: COMPLETED, the equation in
     * total and per file, the store's count for the import, and recordsWritten counting each sent record once.
     */
    private static Map<String, Object> assertCompletedExactly(String user, String importId, List<Path> files) {
        ImportFixtures.Expected expected = expected(files);
        Map<String, Object> job = awaitEnd(user, importId, DEADLINE);
        assertEquals("COMPLETED", job.get("status"), "status (failure: " + job.get("failure") + ")");
        long read = number(job, "recordsRead");
        long stored = number(job, "recordsStored");
        assertEquals(expected.read(), read, "recordsRead");
        assertEquals(expected.rejected(), number(job, "rejected"), "rejected");
        assertEquals(read, stored + number(job, "duplicates") + number(job, "rejected"),
                "recordsRead = recordsStored + duplicates + rejected");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> perFile = (List<Map<String, Object>>) job.get("files");
        long storedInFiles = 0;
        for (Map<String, Object> f : perFile) {
            assertEquals(number(f, "recordsRead"), number(f, "recordsStored") + number(f, "duplicates")
                    + number(f, "rejected"), "equation of file " + f.get("name"));
            storedInFiles += number(f, "recordsStored");
        }
        assertEquals(stored, storedInFiles, "the files' recordsStored add up");
        assertEquals(stored, history().countDocuments(Filters.eq("importId", importId)),
                "recordsStored equals the documents the store holds for this import");
        assertEquals(read - number(job, "rejected"), number(job, "recordsWritten"),
                "recordsWritten counts every sent record once");
        return job;
    }

    private static Map<String, Object> job(String user, String importId) {
        return as(user).when().get("/api/v1/imports/" + importId).then().statusCode(200)
                .extract().jsonPath().getMap("");
    }

    /** The consumers readiness check event-consumers names as stalled; empty while it is UP. */
    private static String stalled() {
        JsonPath health = JsonPath.from(given().when().get("/q/health/ready").asString());
        List<Map<String, Object>> checks = health.getList("checks");
        for (Map<String, Object> check : checks) {
            if ("event-consumers".equals(check.get("name")) && "DOWN".equals(check.get("status"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> data = (Map<String, Object>) check.get("data");
                return String.valueOf(data.get("stalledConsumers"));
            }
        }
        return "";
    }

    /** A connection of the test's own, straight to PostgreSQL (not through the proxy). */
    private static Connection direct() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + env("ECHOTUNE_POSTGRES_HOST", "localhost") + ":"
                        + env("ECHOTUNE_POSTGRES_PORT", "15432") + "/" + env("ECHOTUNE_POSTGRES_DB", "echotune"),
                env("ECHOTUNE_POSTGRES_USER", "echotune"), env("ECHOTUNE_POSTGRES_PASSWORD", ""));
    }

    /** Whether a session of the service waits for a lock in a statement like {@code pattern}. */
    private static boolean waitingOnALock(Connection monitor, String pattern) {
        try (PreparedStatement query = monitor.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                + " WHERE wait_event_type = 'Lock' AND query LIKE ?")) {
            query.setString(1, pattern);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The job's records_written, read directly; {@code lock} holds its row until the connection commits. */
    private static long written(Connection connection, String importId, boolean lock) {
        try (PreparedStatement query = connection.prepareStatement("SELECT records_written FROM ingestion.import_jobs"
                + " WHERE id = ?::uuid" + (lock ? " FOR UPDATE" : ""))) {
            query.setString(1, importId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static long storedFor(String user) {
        return history().countDocuments(Filters.eq("userId", user));
    }

    /** The real store, read directly (not through the service). */
    private static synchronized MongoCollection<Document> history() {
        if (mongo == null) {
            mongo = MongoClients.create(System.getenv().getOrDefault("ECHOTUNE_MONGODB_URI", "mongodb://localhost:37017"));
        }
        return mongo.getDatabase("echotune").getCollection("listening_history");
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            ImportFixtures.sleep(10);
        }
        fail("Not within " + DEADLINE + ": " + what);
    }

    /**
     * Small batches (tens of messages per import, so the cut falls between them) and a short back-off cap, so a
     * waiting worker sees PostgreSQL back within a second instead of up to 30 s.
     */
    public static class BehindPostgresProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("echotune.ingestion.pipeline.records-per-message", "100",
                    "echotune.consumer.retry-max-backoff", "1s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresProxy.class));
        }
    }
}

package io.echotune.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echotune.commons.testing.OwnerContracts;
import io.echotune.ingestion.catalog.CatalogLoad;
import io.echotune.ingestion.catalog.enrichment.EnrichmentEventPublisher;
import io.echotune.ingestion.catalog.enrichment.EnrichmentEvents;
import io.echotune.ingestion.catalog.service.CatalogService;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.history.service.HistoryWriter;
import io.echotune.ingestion.imports.ImportFormat;
import io.echotune.ingestion.imports.ImportJob;
import io.echotune.ingestion.imports.messaging.ImportEventPublisher;
import io.echotune.ingestion.imports.messaging.ListeningEventProducer;
import io.echotune.ingestion.imports.parsing.FieldLimits;
import io.echotune.ingestion.imports.parsing.HistoryFileReader;
import io.echotune.ingestion.imports.parsing.PlayNormaliser;
import io.echotune.ingestion.imports.parsing.RecordSink;
import io.echotune.ingestion.imports.service.Upload;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.echotune.ingestion.shared.kafka.EventSender;
import io.quarkus.mongodb.reactive.ReactiveMongoDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The owner's side of the reader contracts (docs/stores.md "Readers of another service's store"): the real writers
 * and publishers of this service run on a few real records and a small excerpt of the shared catalog, against the
 * real MongoDB and Kafka, and what they stored or sent must equal the golden files under
 * {@code src/test/resources/contracts} byte for byte. Insights, recommender, llm-router and playlist read those very
 * files (this module's {@code contracts} jar) through their own repositories and parsers, so a change of shape here
 * fails this test until the golden files change in the same commit, and then the readers' builds.
 * <p>
 * The records are read from a shared extended export by the real parser (a podcast, a skip, a full play), plus one
 * record of a shared basic export and a basic record derived from the full play as the account-data export shows
 * it (which the extended record then replaces). The outcome of import.completed and the facts of
 * track.features-resolved are values handed to the real publishers. User and import ids are fixed, so record ids, play keys and event ids are stable. The only
 * normalisation is of "now": {@code updatedAt} of tracks, {@code loadedAt} of catalog_meta and {@code occurredAt}
 * of events become {@link #NOW}. The test owns its database and topics (profile below), so nothing else is in them.
 * <p>
 * Re-record after an intended change of shape: {@code ./mvnw -pl ingestion-service verify -Dtest=ReaderContractsTest
 * -Dcontracts.record=true} writes the files under src/test/resources/contracts; commit them with the change.
 */
@QuarkusTest
@TestProfile(ReaderContractsTest.OwnContractStores.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReaderContractsTest {

    static final String USER = "0b6f3c2e-5d1a-4f7e-9c3b-2a8d7e6f5a41";
    static final UUID BASIC_IMPORT = UUID.fromString("4e6864fe-0000-4000-8000-000000000001");
    static final UUID EXTENDED_IMPORT = UUID.fromString("4e6864fe-0000-4000-8000-000000000002");
    static final String NOW = "2026-01-01T00:00:00Z";

    static final String DATABASE = "echotune_contracts";
    static final String LISTENING_TOPIC = "echotune.contracts.listening-events";
    static final String IMPORT_TOPIC = "echotune.contracts.import-events";
    static final String FEATURES_TOPIC = "echotune.contracts.track-features";

    /** The extended export the history records come from, and the basic one. */
    static final String EXTENDED_FILE = "extended/efrrowini/Streaming_History_Audio_2023.json";
    static final String BASIC_FILE = "basic/anferben/StreamingHistory0.json";
    /** The catalog excerpt: rows by track id (tracks files) or artist name (artists file) of the shared catalog. */
    static final Map<String, List<String>> CATALOG_ROWS = Map.of(
            "tidytuesday_spotify_songs.csv", List.of("37f4ITSlgPX81ad2EvmVQr"),
            "spotify_tracks_114k_subset_union.csv", List.of("37f4ITSlgPX81ad2EvmVQr", "6qK47Oa7Vbumzeb69KuMhZ"),
            "artists_data_w_genres.csv", List.of("Rachel Platten", "Gorillaz"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofMinutes(1);

    @Inject
    HistoryWriter writer;
    @Inject
    CatalogService catalog;
    @Inject
    ListeningEventProducer listeningEvents;
    @Inject
    ImportEventPublisher importEvents;
    @Inject
    EnrichmentEventPublisher enrichmentEvents;
    @Inject
    ReactiveMongoDatabase database;
    @Inject
    IngestionConfig config;

    private List<ListeningRecord> extended;
    private List<ListeningRecord> basic;

    @BeforeAll
    void readRecordsAndCreateTopics() throws Exception {
        JsonNode export = ImportFixtures.readJson(ImportFixtures.history().resolve(EXTENDED_FILE));
        JsonNode podcast = first(export, r -> !r.path("spotify_episode_uri").isNull());
        JsonNode skip = first(export, r -> !r.path("spotify_track_uri").isNull() && r.path("skipped").asBoolean());
        JsonNode full = first(export, r -> !r.path("spotify_track_uri").isNull()
                && "trackdone".equals(r.path("reason_end").asText()));
        extended = parse(ImportFormat.EXTENDED, JSON.createArrayNode().add(podcast).add(skip).add(full));
        // the basic export's own first record, and the basic account data's view of the full play above
        JsonNode basicExport = ImportFixtures.readJson(ImportFixtures.history().resolve(BASIC_FILE));
        ObjectNode fullAsBasic = JSON.createObjectNode()
                .put("endTime", full.path("ts").asText().substring(0, 16).replace('T', ' '))
                .put("artistName", full.path("master_metadata_album_artist_name").asText())
                .put("trackName", full.path("master_metadata_track_name").asText())
                .put("msPlayed", full.path("ms_played").asLong());
        basic = parse(ImportFormat.BASIC, JSON.createArrayNode().add(basicExport.get(0)).add(fullAsBasic));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                System.getenv().getOrDefault("ECHOTUNE_KAFKA_BOOTSTRAP", "localhost:19092")))) {
            for (String topic : List.of(LISTENING_TOPIC, IMPORT_TOPIC, FEATURES_TOPIC)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    @Test
    void storedHistoryKeepsItsContractShape() {
        clear("listening_history", "listening_import_tallies", "listening_sync_spans");
        awaitIndex("listening_history", "playKey_unique");   // made at start-up; the replacement depends on it
        HistoryWriter.Outcome first = writer.write(USER, BASIC_IMPORT, 0, 0, basic).await().atMost(WAIT);
        HistoryWriter.Outcome second = writer.write(USER, EXTENDED_IMPORT, 0, 0, extended).await().atMost(WAIT);
        assertEquals(new HistoryWriter.Outcome(2, 0, 0, 2), first);
        // the full play replaces its basic record and stays the basic import's: 2 new, 1 upgraded
        assertEquals(new HistoryWriter.Outcome(2, 1, 1, 2), second);

        assertGolden("listening_history.json", OwnerContracts.toJson(stored("listening_history")));
    }

    @Test
    void loadedCatalogKeepsItsContractShape() throws IOException {
        clear("tracks", "artists", "track_names", "catalog_meta");
        Path dir = Files.createTempDirectory("catalog-excerpt");
        List<Upload> uploads = new ArrayList<>();
        for (Map.Entry<String, List<String>> file : CATALOG_ROWS.entrySet()) {
            Path excerpt = dir.resolve(file.getKey());
            Files.write(excerpt, excerpt(CatalogFixtures.catalogDirectory().resolve(file.getKey()), file.getValue()));
            uploads.add(new Upload(file.getKey(), excerpt, Files.size(excerpt)));
        }
        UUID loadId = catalog.loadUploads("contract-test", uploads).await().atMost(WAIT).loadId();
        awaitLoaded(loadId);

        List<Document> tracks = stored("tracks");
        tracks.forEach(t -> normaliseNow(t, "updatedAt"));
        List<Document> meta = stored("catalog_meta");
        meta.forEach(m -> normaliseNow(m, "loadedAt"));
        assertGolden("tracks.json", OwnerContracts.toJson(tracks));
        assertGolden("artists.json", OwnerContracts.toJson(stored("artists")));
        assertGolden("track_names.json", OwnerContracts.toJson(stored("track_names")));
        assertGolden("catalog_meta.json", OwnerContracts.toJson(meta));
    }

    @Test
    void publishedEventsKeepTheirContractShape() throws Exception {
        Map<TopicPartition, Long> listening = TopicEvents.mark(LISTENING_TOPIC);
        Map<TopicPartition, Long> imports = TopicEvents.mark(IMPORT_TOPIC);
        Map<TopicPartition, Long> features = TopicEvents.mark(FEATURES_TOPIC);

        EventSender.Acks acks = new EventSender.Acks();
        listeningEvents.sendRecords(acks, USER, EXTENDED_IMPORT, 0, 0, extended);
        listeningEvents.seal(acks, USER, EXTENDED_IMPORT, extended.size(), 1);
        long firstPlayed = extended.stream().mapToLong(ListeningRecord::playedAt).min().orElseThrow();
        long lastPlayed = extended.stream().mapToLong(ListeningRecord::playedAt).max().orElseThrow();
        importEvents.publish(ImportEventPublisher.COMPLETED, USER, new ImportEventPublisher.ImportOutcome(
                EXTENDED_IMPORT, "COMPLETED", 3, 2, 1, 0, Instant.ofEpochMilli(firstPlayed),
                Instant.ofEpochMilli(lastPlayed), List.of(new ImportJob.ImportedFile(0,
                        "Streaming_History_Audio_2023.json", ImportFormat.EXTENDED, 3, 2, 1, 0)), null))
                .await().atMost(WAIT);
        EventSender.Acks sends = enrichmentEvents.newBatch();
        Map<String, Double> fightSong = new LinkedHashMap<>();
        fightSong.put("danceability", 0.564);
        fightSong.put("energy", 0.714);
        fightSong.put("valence", 0.33);
        enrichmentEvents.featuresResolved(sends, new EnrichmentEvents.FeaturesResolved("37f4ITSlgPX81ad2EvmVQr",
                "catalog", List.of("pop", "post-teen pop"), fightSong));
        enrichmentEvents.confirm(sends);

        List<JsonNode> sent = new ArrayList<>(TopicEvents.since(LISTENING_TOPIC, listening));
        sent.addAll(TopicEvents.since(IMPORT_TOPIC, imports));
        sent.addAll(TopicEvents.since(FEATURES_TOPIC, features));
        assertEquals(List.of("listening.records", "import.sealed", "import.completed", "track.features-resolved"),
                sent.stream().map(e -> e.path("type").asText()).toList());
        for (JsonNode event : sent) {
            ((ObjectNode) event).put("occurredAt", NOW);
            assertGolden("events/" + event.path("type").asText() + ".json",
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(event) + "\n");
        }
    }

    // ---- the real writers' inputs

    private List<ListeningRecord> parse(ImportFormat format, JsonNode records) {
        IngestionConfig.Records limits = config.records();
        PlayNormaliser normaliser = new PlayNormaliser(USER, format, false, limits.maxPlayed().toMillis(),
                System.currentTimeMillis(), new FieldLimits(limits.maxNameChars(), limits.maxUriChars(),
                limits.maxPlatformChars(), limits.maxCodeChars()));
        List<ListeningRecord> accepted = new ArrayList<>();
        try {
            HistoryFileReader.read(new ByteArrayInputStream(JSON.writeValueAsBytes(records)), format,
                    limits.maxValueChars(), normaliser, new RecordSink() {
                        @Override
                        public void accepted(ListeningRecord record) {
                            accepted.add(record);
                        }

                        @Override
                        public void rejected(long recordNumber, String reason) {
                            fail("record " + recordNumber + " of the excerpt rejected: " + reason);
                        }
                    });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertEquals(records.size(), accepted.size());
        return accepted;
    }

    private static JsonNode first(JsonNode records, Predicate<JsonNode> wanted) {
        for (JsonNode r : records) {
            if (wanted.test(r)) {
                return r;
            }
        }
        throw new IllegalStateException("The export " + EXTENDED_FILE + " holds no such record");
    }

    /** The header and the rows of a catalog file whose first track-id or artist column is one of {@code keys}. */
    private static byte[] excerpt(Path file, List<String> keys) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>(List.of(lines.getFirst()));
        for (String key : keys) {
            List<String> rows = lines.stream().skip(1)
                    .filter(l -> l.startsWith(key + ",") || l.contains("," + key + ",")).toList();
            assertEquals(1, rows.size(), key + " in " + file);
            kept.add(rows.getFirst());
        }
        return (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void awaitLoaded(UUID loadId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            CatalogLoad load = catalog.load(loadId).await().atMost(WAIT);
            if (load.status() == CatalogLoad.Status.COMPLETED) {
                return;
            }
            assertTrue(load.status() == CatalogLoad.Status.RUNNING, "catalog load " + load);
            ImportFixtures.sleep(100);
        }
        fail("catalog load " + loadId + " did not complete in " + WAIT);
    }

    // ---- the stores and the golden files

    private void clear(String... collections) {
        for (String c : collections) {
            database.getCollection(c).deleteMany(new Document()).await().atMost(WAIT);
        }
    }

    private void awaitIndex(String collection, String index) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (database.getCollection(collection).listIndexes().collect().asList().await().atMost(WAIT).stream()
                .noneMatch(i -> index.equals(i.getString("name")))) {
            assertTrue(System.nanoTime() < deadline, "no index " + index + " on " + collection + " after " + WAIT);
            ImportFixtures.sleep(200);
        }
    }

    private List<Document> stored(String collection) {
        return database.getCollection(collection).find(new Document(), new io.quarkus.mongodb.FindOptions()
                .sort(new Document("_id", 1))).collect().asList().await().atMost(WAIT);
    }

    private static void normaliseNow(Document doc, String field) {
        assertTrue(doc.get(field) instanceof Date, field + " is a date in " + doc.toJson());
        doc.put(field, Date.from(Instant.parse(NOW)));
    }

    private static void assertGolden(String file, String actual) {
        Path golden = Path.of("src/test/resources", OwnerContracts.ROOT, file);
        if (Boolean.getBoolean("contracts.record")) {
            try {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        assertEquals(OwnerContracts.text(file), actual, "The shape of " + file + " changed. If intended, re-record"
                + " with -Dcontracts.record=true and commit the golden files with the change (readers' builds test"
                + " them; docs/stores.md)");
    }

    /** Its own database and topics, and no consumers: nothing but this test writes or reads them. */
    public static class OwnContractStores implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mongodb.database", DATABASE,
                    "echotune.ingestion.pipeline.listening-topic", LISTENING_TOPIC,
                    "echotune.ingestion.pipeline.import-topic", IMPORT_TOPIC,
                    "echotune.ingestion.enrichment.features-topic", FEATURES_TOPIC,
                    "echotune.ingestion.pipeline.writer-enabled", "false",
                    "echotune.ingestion.enrichment.enabled", "false");
        }
    }
}

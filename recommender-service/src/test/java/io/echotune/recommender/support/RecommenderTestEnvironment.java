package io.echotune.recommender.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import io.echotune.commons.music.catalog.CatalogMerger;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * What every recommender test runs against, set up before the application starts (one resource, so all test classes
 * share one application): the shared 64k-track catalog in MongoDB in the catalog loader's shapes (loaded once per
 * database: skipped when catalog_meta already counts as many tracks), and the LLM router stubbed at the HTTP level
 * (RouterStub).
 */
public class RecommenderTestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "echotune";
    /** A TidyTuesday track: the catalog loader stores its release year. */
    private static final String DATED_TRACK = "6f807x0ima9a1j3VPbc7VN";
    static WireMockServer router;

    @Override
    public Map<String, String> start() {
        loadCatalogIfMissing();
        router = new WireMockServer(wireMockConfig().dynamicPort());
        router.start();
        RouterStub.install(router);
        return Map.of("quarkus.rest-client.llm-router.url", router.baseUrl());
    }

    @Override
    public void stop() {
        if (router != null) {
            router.stop();
        }
    }

    public static WireMockServer router() {
        return router;
    }

    public static String mongoUri() {
        String uri = System.getenv("ECHOTUNE_MONGODB_URI");
        if (uri == null || uri.isBlank()) {
            throw new IllegalStateException("ECHOTUNE_MONGODB_URI is not set: start the servers (make infra-up) and "
                    + "source their env file first");
        }
        return uri;
    }

    static void loadCatalogIfMissing() {
        CatalogMerger.Result catalog = SharedData.catalog();
        try (MongoClient mongo = MongoClients.create(mongoUri())) {
            MongoDatabase db = mongo.getDatabase(DATABASE);
            Document meta = db.getCollection("catalog_meta").find(Filters.eq("_id", "catalog")).first();
            long present = db.getCollection("tracks").estimatedDocumentCount();
            // other modules' tests share this store and may have written a catalog_meta without the count
            Number counted = meta == null ? null : meta.get("tracks", Number.class);
            // a store loaded before tracks carried release years is loaded again
            Document dated = db.getCollection("tracks").find(Filters.eq("_id", DATED_TRACK)).first();
            if (counted != null && counted.intValue() == catalog.tracks().size()
                    && present >= catalog.tracks().size() && dated != null && dated.get("releaseYear") != null) {
                return;
            }
            Date now = new Date();
            MongoCollection<Document> tracks = db.getCollection("tracks");
            tracks.deleteMany(new Document());
            insert(tracks, catalog.tracks().stream().map(t -> CatalogDocuments.track(t, now)).toList());
            MongoCollection<Document> artists = db.getCollection("artists");
            artists.deleteMany(new Document());
            insert(artists, catalog.artists().stream().map(CatalogDocuments::artist).toList());
            MongoCollection<Document> names = db.getCollection("track_names");
            names.deleteMany(new Document());
            insert(names, CatalogDocuments.trackNames(catalog.tracks()));
            Number previous = meta == null ? null : meta.get("version", Number.class);
            long version = previous == null ? 1 : previous.longValue() + 1;
            db.getCollection("catalog_meta").replaceOne(Filters.eq("_id", "catalog"),
                    CatalogDocuments.meta(version, catalog, now), new ReplaceOptions().upsert(true));
        }
    }

    private static void insert(MongoCollection<Document> collection, List<Document> documents) {
        List<Document> batch = new ArrayList<>(2_000);
        for (Document d : documents) {
            batch.add(d);
            if (batch.size() == 2_000) {
                collection.insertMany(batch, new InsertManyOptions().ordered(false));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            collection.insertMany(batch, new InsertManyOptions().ordered(false));
        }
    }
}

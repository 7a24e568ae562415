package io.echotune.gateway;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fault scenarios check, read from the stores themselves with the connection settings of the stack's env
 * file: import jobs and chat messages from PostgreSQL, history and taste profiles from MongoDB, sessions from Redis.
 * Every read opens its own connection, so a store that was restarted in between is simply reached again.
 */
final class ChaosStores {

    /** An import job's row (ingestion.import_jobs). */
    record ImportRow(String id, String status, long read, long stored, long duplicates, long rejected, long written,
                     String failure) {
        boolean balanced() {
            return read == stored + duplicates + rejected;
        }
    }

    private ChaosStores() {
    }

    static List<ImportRow> imports(String userId) throws SQLException {
        List<ImportRow> rows = new ArrayList<>();
        try (Connection db = postgres();
             PreparedStatement query = db.prepareStatement("SELECT id::text, status, records_read, records_stored,"
                     + " duplicates, rejected, records_written, failure FROM ingestion.import_jobs WHERE user_id = ?"
                     + " ORDER BY created_at")) {
            query.setString(1, userId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    rows.add(new ImportRow(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getLong(5),
                            r.getLong(6), r.getLong(7), r.getString(8)));
                }
            }
        }
        return rows;
    }

    static ImportRow importRow(String userId, String importId) throws SQLException {
        return imports(userId).stream().filter(row -> row.id().equals(importId)).findFirst().orElseThrow();
    }

    /** The roles of a chat session's stored messages, oldest first, with each message's text length. */
    static List<String> chatMessages(String sessionId) throws SQLException {
        List<String> messages = new ArrayList<>();
        try (Connection db = postgres();
             PreparedStatement query = db.prepareStatement("SELECT role, length(text) FROM chat.chat_messages"
                     + " WHERE session_id = ?::uuid ORDER BY created_at, id")) {
            query.setString(1, sessionId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    messages.add(r.getString(1) + "(" + r.getInt(2) + " chars)");
                }
            }
        }
        return messages;
    }

    static long historyCount(String userId) {
        try (MongoClient client = mongo()) {
            return database(client).getCollection("listening_history").countDocuments(Filters.eq("userId", userId));
        }
    }

    /**
     * The figures of a user's taste profile that must not depend on how the events reached the recommender: counts
     * of what it learned and the sizes of its track, artist and genre lists. Empty while no profile exists. Not
     * {@code resolvedPlays}: how many plays had audio features depends on what enrichment had resolved when the
     * profile was last rebuilt (it goes on after an import completes), not on the plays ({@link #resolvedPlays}).
     */
    static Map<String, Object> tasteFigures(String userId) {
        try (MongoClient client = mongo()) {
            Document profile = database(client).getCollection("taste_profiles").find(Filters.eq("_id", userId)).first();
            Map<String, Object> figures = new LinkedHashMap<>();
            if (profile == null) {
                return figures;
            }
            for (String field : List.of("historyRecords", "records", "musicPlays", "streams", "skips")) {
                figures.put(field, profile.get(field));
            }
            for (String list : List.of("tracks", "artists", "genres")) {
                List<?> values = profile.getList(list, Object.class);
                figures.put(list, values == null ? 0 : values.size());
            }
            return figures;
        }
    }

    /** The plays of the user's taste profile that had audio features at its last rebuild, and when that was. */
    static String resolvedPlays(String userId) {
        try (MongoClient client = mongo()) {
            Document profile = database(client).getCollection("taste_profiles").find(Filters.eq("_id", userId)).first();
            return profile == null ? "no profile" : profile.get("resolvedPlays") + " (built " + profile.get("builtAt") + ")";
        }
    }

    /** The version of the loaded track catalog (catalog_meta), 0 while none was loaded. */
    static long catalogVersion() {
        try (MongoClient client = mongo()) {
            Document meta = database(client).getCollection("catalog_meta").find().first();
            return meta == null || !(meta.get("version") instanceof Number n) ? 0 : n.longValue();
        }
    }

    /** The Redis keys matching a pattern (KEYS is fine on a test stack's small Redis). */
    static List<String> redisKeys(String pattern) throws Exception {
        URI redis = URI.create(env("ECHOTUNE_REDIS_URL", "redis://localhost:16379"));
        try (Socket socket = new Socket(redis.getHost(), redis.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("*2\r\n$4\r\nKEYS\r\n$" + pattern.length() + "\r\n" + pattern + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String header = in.readLine();
            if (header == null || !header.startsWith("*")) {
                throw new IllegalStateException("unexpected Redis answer " + header);
            }
            int count = Integer.parseInt(header.substring(1));
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                in.readLine(); // $<length>
                keys.add(in.readLine());
            }
            return keys;
        }
    }

    private static Connection postgres() throws SQLException {
        String url = "jdbc:postgresql://" + env("ECHOTUNE_POSTGRES_HOST", "localhost") + ":"
                + env("ECHOTUNE_POSTGRES_PORT", "15432") + "/" + env("ECHOTUNE_POSTGRES_DB", "echotune")
                + "?connectTimeout=10&socketTimeout=60";
        return DriverManager.getConnection(url, env("ECHOTUNE_POSTGRES_USER", "echotune"),
                env("ECHOTUNE_POSTGRES_PASSWORD", ""));
    }

    private static MongoClient mongo() {
        return MongoClients.create(env("ECHOTUNE_MONGODB_URI", "mongodb://localhost:37017")
                + "/?serverSelectionTimeoutMS=30000&socketTimeoutMS=300000");
    }

    private static MongoDatabase database(MongoClient client) {
        return client.getDatabase("echotune");
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

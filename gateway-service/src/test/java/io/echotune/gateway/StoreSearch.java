package io.echotune.gateway;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Response;
import org.bson.Document;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Searches every store of the running stack for strings (an erased user's id and the ids of their records), with the
 * connection settings of its env file ({@code ECHOTUNE_POSTGRES_*}, {@code ECHOTUNE_MONGODB_URI},
 * {@code ECHOTUNE_REDIS_URL}): every row of every table of every PostgreSQL schema (the whole row as text, jsonb and
 * arrays included), every document of every MongoDB collection of every database (as extended JSON), and every Redis
 * key with its value. Answers where each was found, e.g. {@code postgres chat.chat_sessions: (...)}.
 */
final class StoreSearch {

    private static final Set<String> MONGO_SYSTEM_DATABASES = Set.of("admin", "local", "config");
    private static final int MAX_SHOWN = 300;

    private StoreSearch() {
    }

    static List<String> everywhere(Collection<String> needles) throws Exception {
        List<String> found = new ArrayList<>();
        found.addAll(postgres(needles));
        found.addAll(mongo(needles));
        found.addAll(redis(needles));
        return found;
    }

    /** A connection to the stack's PostgreSQL as the owner of every schema (the env file's settings). */
    static Connection postgres() throws SQLException {
        String url = "jdbc:postgresql://" + env("ECHOTUNE_POSTGRES_HOST", "localhost") + ":"
                + env("ECHOTUNE_POSTGRES_PORT", "15432") + "/" + env("ECHOTUNE_POSTGRES_DB", "echotune");
        return DriverManager.getConnection(url, env("ECHOTUNE_POSTGRES_USER", "echotune"),
                env("ECHOTUNE_POSTGRES_PASSWORD", ""));
    }

    static List<String> postgres(Collection<String> needles) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection db = postgres()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement query = db.prepareStatement("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
                    + " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                    + " AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            if (tables.size() < 5) {
                throw new IllegalStateException("expected the tables of four schemas, found " + tables);
            }
            java.sql.Array patterns = db.createArrayOf("text", needles.toArray());
            for (String table : tables) {
                // the whole row as text: every column (text, uuid, jsonb, arrays, timestamps) at once
                try (PreparedStatement query = db.prepareStatement("SELECT t::text FROM " + table + " t WHERE EXISTS"
                        + " (SELECT 1 FROM unnest(?::text[]) n WHERE strpos(t::text, n) > 0)")) {
                    query.setArray(1, patterns);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            found.add("postgres " + table + ": " + shorten(rows.getString(1)));
                        }
                    }
                }
            }
        }
        return found;
    }

    static List<String> mongo(Collection<String> needles) {
        List<String> found = new ArrayList<>();
        try (MongoClient client = MongoClients.create(env("ECHOTUNE_MONGODB_URI", "mongodb://localhost:37017"))) {
            for (String name : client.listDatabaseNames()) {
                if (MONGO_SYSTEM_DATABASES.contains(name)) {
                    continue;
                }
                MongoDatabase database = client.getDatabase(name);
                for (String collection : database.listCollectionNames()) {
                    for (Document document : database.getCollection(collection).find()) {
                        String json = document.toJson();
                        if (containsAny(json, needles)) {
                            found.add("mongo " + name + "." + collection + ": " + shorten(json));
                        }
                    }
                }
            }
        }
        return found;
    }

    static List<String> redis(Collection<String> needles) throws Exception {
        List<String> found = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try {
            RedisConnection connection = await(Redis.createClient(vertx, env("ECHOTUNE_REDIS_URL", "redis://localhost:16379")).connect());
            RedisAPI redis = RedisAPI.api(connection);
            String cursor = "0";
            do {
                Response page = await(redis.scan(List.of(cursor, "COUNT", "1000")));
                cursor = page.get(0).toString();
                for (Response keyResponse : page.get(1)) {
                    String key = keyResponse.toString();
                    String value = value(redis, key);
                    if (containsAny(key, needles) || containsAny(value, needles)) {
                        found.add("redis " + key + " = " + shorten(value));
                    }
                }
            } while (!"0".equals(cursor));
            connection.close();
        } finally {
            vertx.close();
        }
        return found;
    }

    private static String value(RedisAPI redis, String key) throws Exception {
        String type = await(redis.type(key)).toString();
        Response value = switch (type) {
            case "string" -> await(redis.get(key));
            case "hash" -> await(redis.hgetall(key));
            case "set" -> await(redis.smembers(key));
            case "list" -> await(redis.lrange(key, "0", "-1"));
            case "zset" -> await(redis.zrange(List.of(key, "0", "-1")));
            default -> null;   // expired meanwhile ("none"), or a type nobody here writes
        };
        if (value == null) {
            return "";
        }
        if ("string".equals(type)) {
            return new String(value.toBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return value.toString();
    }

    private static boolean containsAny(String text, Collection<String> needles) {
        return text != null && needles.stream().anyMatch(text::contains);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "…";
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}

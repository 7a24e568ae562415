package io.echotune.ingestion.shared.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between the ingestion schema's column types and Java, shared by its repositories. */
public final class PgColumns {

    private PgColumns() {
    }

    /** A timestamptz column as an Instant (null stays null). */
    public static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    /** An Instant as a timestamptz parameter (null stays null). */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A value as the JSON text of a jsonb parameter. */
    public static String toJson(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A jsonb column, which arrives as a Vert.x JsonArray or JsonObject (or a String), read as {@code type}. */
    public static <T> T fromJsonb(ObjectMapper json, Object jsonb, TypeReference<T> type, String table) {
        try {
            String text = jsonb instanceof JsonArray a ? a.encode()
                    : jsonb instanceof JsonObject o ? o.encode() : String.valueOf(jsonb);
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable jsonb in " + table, e);
        }
    }
}

package io.echotune.ingestion.history.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.commons.time.PlausibleTime;
import io.echotune.ingestion.history.HistoryPage;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.history.repository.ListeningHistoryRepository;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/** A user's listening history, newest first, keyset-paged with an opaque cursor. */
@ApplicationScoped
public class HistoryService {

    /** Record ids: format 2 (44 hex digits), or format 1 (64) in a cursor issued before the id migration. */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{44}|[0-9a-f]{64}");

    private final ListeningHistoryRepository history;
    private final IngestionConfig config;

    public HistoryService(ListeningHistoryRepository history, IngestionConfig config) {
        this.history = history;
        this.config = config;
    }

    public Uni<HistoryPage> page(String userId, String fromParam, String toParam, String limitParam, String cursorParam) {
        Instant from = time("from", fromParam);
        Instant to = time("to", toParam);
        if (from != null && to != null && !to.isAfter(from)) {
            throw ApiException.invalidField("to", "must be after from");
        }
        int limit = limit(limitParam);
        Cursor cursor = cursor(cursorParam);
        return history.page(userId, from == null ? null : Date.from(from), to == null ? null : Date.from(to),
                        cursor == null ? null : new Date(cursor.playedAt()), cursor == null ? null : cursor.id(), limit + 1)
                .map(plays -> {
                    List<HistoryPage.Item> items = new ArrayList<>();
                    for (int i = 0; i < Math.min(limit, plays.size()); i++) {
                        items.add(item(plays.get(i)));
                    }
                    String next = null;
                    if (plays.size() > limit) {
                        ListeningRecord last = plays.get(limit - 1);
                        next = encode(new Cursor(last.playedAt(), last.id()));
                    }
                    return new HistoryPage(items, next);
                });
    }

    private static HistoryPage.Item item(ListeningRecord play) {
        return new HistoryPage.Item(Instant.ofEpochMilli(play.playedAt()), play.msPlayed(), play.trackUri(),
                play.trackName(), play.artistName(), play.albumName(), play.reasonStart(), play.reasonEnd(),
                play.skipped(), play.shuffle(), play.platform(), play.contentType());
    }

    private int limit(String value) {
        if (value == null || value.isBlank()) {
            return config.history().defaultLimit();
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= config.history().maxLimit()) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalidField("limit", "must be a whole number from 1 to " + config.history().maxLimit());
    }

    /**
     * An ISO date (midnight UTC) or date-time; without an offset, UTC. Only years 1900-2200 (PlausibleTime, the
     * fleet's one rule): ISO allows +999999999-01-01, whose millis overflow the store's dates.
     */
    static Instant time(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        Instant parsed;
        try {
            parsed = parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(field, "'" + abbreviate(v) + "' is not an ISO-8601 date or date-time");
        } catch (DateTimeException | ArithmeticException e) {
            throw ApiException.invalidField(field, PlausibleTime.outOfRange());
        }
        return PlausibleTime.require(field, parsed);
    }

    private static Instant parse(String v) {
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            // a date-time then
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private record Cursor(long playedAt, String id) {
    }

    private static String encode(Cursor cursor) {
        String raw = "h1:" + cursor.playedAt() + ":" + cursor.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Cursor cursor(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(value.strip()), StandardCharsets.UTF_8);
            String[] parts = raw.split(":");
            if (parts.length == 3 && parts[0].equals("h1") && ID.matcher(parts[2]).matches()) {
                long playedAt = Long.parseLong(parts[1]);
                if (PlausibleTime.isPlausibleEpochMilli(playedAt)) {   // a forged cursor is not a way around "from"/"to"
                    return new Cursor(playedAt, parts[2]);
                }
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ApiException.invalidField("cursor", "is not a cursor returned by this endpoint");
    }
}

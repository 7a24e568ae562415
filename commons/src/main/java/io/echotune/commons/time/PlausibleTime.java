package io.echotune.commons.time;

import io.echotune.commons.problem.ApiException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The range of instants EchoTune accepts anywhere a time comes from outside (query parameters, imported files,
 * events): years 1900 to 2200, UTC. Nothing anyone listened to lies outside it, and every date library, store and
 * time zone computation is exact inside it; far outside it (year +999999999) they overflow. One rule, used by
 * every service, so a date that one service accepts is never one another chokes on.
 */
public final class PlausibleTime {

    public static final int MIN_YEAR = 1900;
    public static final int MAX_YEAR = 2200;
    /** 1900-01-01T00:00:00Z, the first accepted instant. */
    public static final Instant MIN = ZonedDateTime.of(MIN_YEAR, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
    /** 2201-01-01T00:00:00Z, the first instant no longer accepted. */
    public static final Instant END = ZonedDateTime.of(MAX_YEAR + 1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();

    private PlausibleTime() {
    }

    public static boolean isPlausible(Instant instant) {
        return instant != null && !instant.isBefore(MIN) && instant.isBefore(END);
    }

    public static boolean isPlausibleEpochMilli(long epochMilli) {
        return epochMilli >= MIN.toEpochMilli() && epochMilli < END.toEpochMilli();
    }

    public static boolean isPlausibleYear(long year) {
        return year >= MIN_YEAR && year <= MAX_YEAR;
    }

    /** The instant itself, or a 400 naming {@code field} when it lies outside the accepted years. */
    public static Instant require(String field, Instant instant) {
        if (!isPlausible(instant)) {
            throw ApiException.invalidField(field, outOfRange());
        }
        return instant;
    }

    /** The message every out-of-range date gets, for a field error or a rejected record's reason. */
    public static String outOfRange() {
        return "must be a date between the years " + MIN_YEAR + " and " + MAX_YEAR;
    }
}

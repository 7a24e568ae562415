package io.echotune.ingestion.imports.parsing;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * End times as the exports write them, parsed fast: the extended "2024-08-02T11:56:55Z" and the basic
 * "2024-08-02 11:56" take a hand-written path (this runs once per record); anything else ISO-like (fractions,
 * offsets, a space instead of T, as spreadsheets write CSV) goes through java.time. Times without an offset are UTC.
 */
final class Timestamps {

    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss][.SSS][XXX][X]");

    private Timestamps() {
    }

    /** What {@link #parse} returns for text that is not a time. */
    static final long NOT_A_TIME = Long.MIN_VALUE;
    /**
     * What {@link #parse} returns for a time too far from now for epoch millis ({@code +999999999-01-01T00:00:00Z}
     * is a valid ISO instant, but its millis overflow a long): never a plausible time.
     */
    static final long OUT_OF_RANGE = Long.MAX_VALUE;

    /**
     * Epoch millis, {@link #NOT_A_TIME} when the text is not a time, or {@link #OUT_OF_RANGE} when it is one whose
     * millis do not fit a long. Callers check the result against PlausibleTime (years 1900-2200).
     */
    static long parse(String text) {
        try {
            return parseUnchecked(text);
        } catch (ArithmeticException overflow) {
            return OUT_OF_RANGE;
        }
    }

    private static long parseUnchecked(String text) {
        if (text == null) {
            return Long.MIN_VALUE;
        }
        String s = text.strip();
        int n = s.length();
        if ((n == 20 && s.charAt(10) == 'T' && s.charAt(19) == 'Z') || (n == 19 && s.charAt(10) == 'T')) {
            long fast = fixed(s, true);
            if (fast != Long.MIN_VALUE) {
                return fast;
            }
        } else if (n == 16 && s.charAt(10) == ' ') {
            long fast = fixed(s, false);
            if (fast != Long.MIN_VALUE) {
                return fast;
            }
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the other shapes
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the other shapes
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the other shapes
        }
        try {
            var parsed = SPACED.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime odt ? odt.toInstant().toEpochMilli()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeException ignored) {
            return Long.MIN_VALUE;
        }
    }

    private static long fixed(String s, boolean withSeconds) {
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || (withSeconds && s.charAt(16) != ':')) {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = withSeconds ? digits(s, 17, 2) : 0;
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return Long.MIN_VALUE;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC) * 1000L;
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

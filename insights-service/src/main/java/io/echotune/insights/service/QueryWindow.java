package io.echotune.insights.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.commons.time.PlausibleTime;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * The {@code from}, {@code to} and {@code tz} parameters every insight takes: a half-open range of end times
 * ({@code from} inclusive, {@code to} exclusive; either may be open) and the zone used for dates, hours and days.
 */
public record QueryWindow(Instant from, Instant to, ZoneId zone) {

    static final ZoneId DEFAULT_ZONE = ZoneOffset.UTC;

    /**
     * Reads the raw query parameters. A date ({@code 2024-08-01}) is the start of that day in {@code tz}; a
     * date-time with an offset ({@code 2024-08-01T10:00:00Z}) is that instant, one without an offset is read
     * in {@code tz}. Blank parameters count as absent. Dates outside the years {@link PlausibleTime} accepts are a 400
     * naming the parameter: far outside them (year +999999999) zone and epoch arithmetic overflow, and no one listened
     * to anything there anyway.
     */
    public static QueryWindow parse(String from, String to, String tz) {
        ZoneId zone = zone(tz);
        Instant start = instant("from", from, zone);
        Instant end = instant("to", to, zone);
        if (start != null && end != null && !end.isAfter(start)) {
            throw ApiException.invalidField("to", "must be later than from (" + start + ")");
        }
        return new QueryWindow(start, end, zone);
    }

    private static ZoneId zone(String tz) {
        if (isBlank(tz)) {
            return DEFAULT_ZONE;
        }
        try {
            return ZoneId.of(tz.strip());
        } catch (DateTimeException e) {
            throw ApiException.invalidField("tz", "'" + abbreviate(tz) + "' is not an IANA time zone such as Europe/Berlin");
        }
    }

    private static Instant instant(String parameter, String value, ZoneId zone) {
        if (isBlank(value)) {
            return null;
        }
        String text = value.strip();
        Instant instant;
        try {
            if (text.indexOf('T') < 0) {
                LocalDate date = LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
                requirePlausibleYear(parameter, date.getYear());
                instant = date.atStartOfDay(zone).toInstant();
            } else {
                TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from, LocalDateTime::from);
                if (parsed instanceof ZonedDateTime withZone) {
                    requirePlausibleYear(parameter, withZone.getYear());
                    instant = withZone.toInstant();
                } else {
                    LocalDateTime local = (LocalDateTime) parsed;
                    requirePlausibleYear(parameter, local.getYear());
                    instant = local.atZone(zone).toInstant();
                }
            }
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(parameter, "'" + abbreviate(text)
                    + "' is not an ISO date (2024-08-01) or date-time (2024-08-01T10:00:00Z)");
        } catch (DateTimeException e) {
            // A parsed date the zone rules cannot place (only possible at the edges of Java's calendar).
            throw ApiException.invalidField(parameter, PlausibleTime.outOfRange());
        }
        // The year check above keeps the arithmetic exact; this one catches an offset that pushes a date at the edge
        // of the range (2200-12-31T23:00-05:00) out of it.
        return PlausibleTime.require(parameter, instant);
    }

    /** Checked before any zone arithmetic, which is what overflows for years like +999999999. */
    private static void requirePlausibleYear(String parameter, int year) {
        if (!PlausibleTime.isPlausibleYear(year)) {
            throw ApiException.invalidField(parameter, PlausibleTime.outOfRange());
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}

package io.echotune.insights.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Local hour, ISO weekday and month of instants in one zone, for hundreds of thousands of records: the zone's offset
 * is looked up once per stretch between two transitions (records arrive almost in time order), not per record.
 * Exact for every zone, including those offset by 30 or 45 minutes and historical changes. Not thread-safe.
 */
final class ZoneCalendar {

    private static final long SECONDS_PER_DAY = 86_400;

    private final ZoneRules rules;
    private long validFrom = Long.MAX_VALUE;   // epoch ms: the cached offset holds for [validFrom, validUntil)
    private long validUntil = Long.MIN_VALUE;
    private long offsetSeconds;
    private long monthDay = Long.MIN_VALUE;
    private YearMonth month;

    ZoneCalendar(ZoneId zone) {
        this.rules = zone.getRules();
    }

    /** Seconds since 1970-01-01T00:00 local time. */
    long localSecond(long epochMs) {
        if (epochMs < validFrom || epochMs >= validUntil) {
            Instant at = Instant.ofEpochMilli(epochMs);
            offsetSeconds = rules.getOffset(at).getTotalSeconds();
            if (rules.isFixedOffset()) {
                validFrom = Long.MIN_VALUE;
                validUntil = Long.MAX_VALUE;
            } else {
                // Cache forward only: from this instant up to the next transition.
                ZoneOffsetTransition next = rules.nextTransition(at);
                validFrom = epochMs;
                validUntil = next == null ? Long.MAX_VALUE : next.getInstant().toEpochMilli();
            }
        }
        return Math.floorDiv(epochMs, 1000) + offsetSeconds;
    }

    /** 0..23. */
    int hour(long epochMs) {
        return (int) (Math.floorMod(localSecond(epochMs), SECONDS_PER_DAY) / 3600);
    }

    /** 1 = Monday .. 7 = Sunday (1970-01-01 was a Thursday). */
    int isoWeekday(long epochMs) {
        long day = Math.floorDiv(localSecond(epochMs), SECONDS_PER_DAY);
        return (int) Math.floorMod(day + 3, 7) + 1;
    }

    YearMonth month(long epochMs) {
        long day = Math.floorDiv(localSecond(epochMs), SECONDS_PER_DAY);
        if (day != monthDay) {
            monthDay = day;
            month = YearMonth.from(LocalDate.ofEpochDay(day));
        }
        return month;
    }
}

package io.echotune.insights.service;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ZoneCalendarTest {

    /** Whole-hour, half-hour and 45-minute zones, DST both ways, fixed offsets and a zone whose offset changed. */
    private static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kathmandu",
            "Australia/Adelaide", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham", "+05:45", "-09:30",
            "Europe/Moscow", "Pacific/Apia");

    @Test
    void hourWeekdayAndMonthAgreeWithJavaTimeForEveryKindOfZone() {
        Random random = new Random(11);
        for (String id : ZONES) {
            ZoneId zone = ZoneId.of(id);
            ZoneCalendar calendar = new ZoneCalendar(zone);
            long t = Instant.parse("1965-01-01T00:00:00Z").toEpochMilli();
            for (int i = 0; i < 50_000; i++) {
                // Mostly forward in small steps (as records come), sometimes back, sometimes a jump.
                t += switch (random.nextInt(20)) {
                    case 0 -> -random.nextInt(86_400_000);
                    case 1 -> random.nextLong(3_000L * 86_400_000);
                    default -> random.nextInt(6 * 3_600_000);
                };
                ZonedDateTime expected = Instant.ofEpochMilli(t).atZone(zone);
                assertEquals(expected.getHour(), calendar.hour(t), id + " hour of " + Instant.ofEpochMilli(t));
                assertEquals(expected.getDayOfWeek().getValue(), calendar.isoWeekday(t), id + " weekday of " + t);
                assertEquals(YearMonth.from(expected), calendar.month(t), id + " month of " + t);
            }
        }
    }

    @Test
    void theInstantOfATransitionBelongsToTheNewOffset() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ZoneCalendar calendar = new ZoneCalendar(berlin);
        long beforeSwitch = Instant.parse("2024-03-31T00:59:59.999Z").toEpochMilli();
        long atSwitch = Instant.parse("2024-03-31T01:00:00Z").toEpochMilli();
        assertEquals(1, calendar.hour(beforeSwitch));
        assertEquals(3, calendar.hour(atSwitch));
    }
}

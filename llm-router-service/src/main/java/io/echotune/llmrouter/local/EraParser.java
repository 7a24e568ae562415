package io.echotune.llmrouter.local;

import io.echotune.llmrouter.Era;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the span of time a message names, against an injected clock so that "last summer" means the same thing in a
 * test on any day. Seasons are meteorological and northern-hemisphere (summer is June to August); "this year" runs
 * to today; decades are whole ("90s" is 1990-01-01 to 1999-12-31); two eras in one message are joined ("70s and
 * 80s" is 1970 to 1989).
 */
public final class EraParser {

    private static final Map<String, Integer> DECADE_WORDS = Map.of("fifties", 1950, "sixties", 1960,
            "seventies", 1970, "eighties", 1980, "nineties", 1990, "noughties", 2000);
    private static final Pattern DECADE = Pattern.compile(
            "\\b(?:(early|mid|late) )?(?:(19|20)?([0-9])0 ?'?s|(fifties|sixties|seventies|eighties|nineties|noughties))\\b");
    private static final Pattern BETWEEN = Pattern.compile("\\b(?:between|from) ((?:19|20)\\d\\d) (?:and|to|until|-) ((?:19|20)\\d\\d)\\b");
    private static final Pattern YEAR = Pattern.compile("(?<![\\d.])((?:19[5-9]|20[0-4])\\d)(?!\\d|s\\b|'s\\b| ?(?:songs?|tracks?|bpm)\\b)");
    private static final Pattern RELATIVE = Pattern.compile(
            "\\b(last|this|past|previous) (year|month|week|summer|winter|spring|autumn|fall)\\b|\\b(yesterday|today)\\b");

    private final Clock clock;

    public EraParser(Clock clock) {
        this.clock = clock;
    }

    /** The era named in a normalised message (lower case, words separated by single spaces), if any. */
    public Optional<Era> parse(String norm) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Era found = null;
        Matcher between = BETWEEN.matcher(norm);
        if (between.find()) {
            int a = Integer.parseInt(between.group(1));
            int b = Integer.parseInt(between.group(2));
            return Optional.of(new Era(between.group(), LocalDate.of(Math.min(a, b), 1, 1),
                    LocalDate.of(Math.max(a, b), 12, 31)));
        }
        Matcher decade = DECADE.matcher(norm);
        while (decade.find()) {
            found = join(found, decade(decade, today));
        }
        Matcher relative = RELATIVE.matcher(norm);
        while (relative.find()) {
            found = join(found, relative(relative, today));
        }
        Matcher year = YEAR.matcher(norm);
        while (year.find()) {
            int y = Integer.parseInt(year.group(1));
            if (y <= today.getYear() + 1) {
                found = join(found, new Era(year.group(1), LocalDate.of(y, 1, 1), LocalDate.of(y, 12, 31)));
            }
        }
        return Optional.ofNullable(found);
    }

    private static Era decade(Matcher m, LocalDate today) {
        int start;
        if (m.group(4) != null) {
            start = DECADE_WORDS.get(m.group(4));
        } else {
            int digit = Integer.parseInt(m.group(3));
            String century = m.group(2);
            if (century != null) {
                start = Integer.parseInt(century) * 100 + digit * 10;
            } else {
                // "20s" is the 2020s once they have begun; "50s" to "90s" are the last century.
                start = 2000 + digit * 10 <= today.getYear() ? 2000 + digit * 10 : 1900 + digit * 10;
                if (digit >= 5) {
                    start = 1900 + digit * 10;
                }
            }
        }
        int from = start;
        int to = start + 9;
        if ("early".equals(m.group(1))) {
            to = start + 3;
        } else if ("mid".equals(m.group(1))) {
            from = start + 3;
            to = start + 6;
        } else if ("late".equals(m.group(1))) {
            from = start + 6;
        }
        return new Era(m.group(), LocalDate.of(from, 1, 1), LocalDate.of(to, 12, 31));
    }

    private static Era relative(Matcher m, LocalDate today) {
        String text = m.group();
        if (m.group(3) != null) {
            LocalDate day = "yesterday".equals(m.group(3)) ? today.minusDays(1) : today;
            return new Era(text, day, day);
        }
        boolean current = "this".equals(m.group(1));
        return switch (m.group(2)) {
            case "year" -> current
                    ? new Era(text, today.withDayOfYear(1), today)
                    : new Era(text, LocalDate.of(today.getYear() - 1, 1, 1), LocalDate.of(today.getYear() - 1, 12, 31));
            case "month" -> {
                LocalDate first = today.withDayOfMonth(1);
                yield current ? new Era(text, first, today)
                        : new Era(text, first.minusMonths(1), first.minusDays(1));
            }
            case "week" -> {
                LocalDate monday = today.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
                yield current ? new Era(text, monday, today) : new Era(text, monday.minusWeeks(1), monday.minusDays(1));
            }
            default -> season(text, m.group(2), current, today);
        };
    }

    private static Era season(String text, String name, boolean current, LocalDate today) {
        Month first = switch (name) {
            case "spring" -> Month.MARCH;
            case "summer" -> Month.JUNE;
            case "autumn", "fall" -> Month.SEPTEMBER;
            default -> Month.DECEMBER;
        };
        // The season's start in the current year (winter starts in the December of the year before).
        LocalDate start = LocalDate.of(first == Month.DECEMBER ? today.getYear() - 1 : today.getYear(), first, 1);
        if (first == Month.DECEMBER && !today.isBefore(LocalDate.of(today.getYear(), Month.DECEMBER, 1))) {
            start = LocalDate.of(today.getYear(), Month.DECEMBER, 1);
        }
        LocalDate end = start.plusMonths(3).minusDays(1);
        if (!current) {
            // "last summer" is the latest summer that has already ended.
            while (!end.isBefore(today)) {
                start = start.minusYears(1);
                end = start.plusMonths(3).minusDays(1);
            }
        }
        return new Era(text, start, end);
    }

    private static Era join(Era a, Era b) {
        if (a == null) {
            return b;
        }
        return new Era(a.text() + " and " + b.text(), a.from().isBefore(b.from()) ? a.from() : b.from(),
                a.to().isAfter(b.to()) ? a.to() : b.to());
    }
}

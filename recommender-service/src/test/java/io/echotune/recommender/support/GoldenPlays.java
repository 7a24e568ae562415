package io.echotune.recommender.support;

import io.echotune.recommender.ranking.Play;

import java.time.Instant;

/**
 * The plays of ingestion's golden files (its ReaderContractsTest) as the recommender must read them, from the store
 * and from listening.records alike: the user's four records, of which the three extended ones travelled in the
 * golden message. Read as {@code Play}: the track URI in trackId until the profile build resolves it; the track key
 * is the URI when the record has one, else the name key; the album as the record named it (the basic one names none).
 */
public final class GoldenPlays {

    public static final String USER = "0b6f3c2e-5d1a-4f7e-9c3b-2a8d7e6f5a41";

    /** The basic export's record: no URI, no reasons, no flags. */
    public static final Play BASIC = new Play("b97841f901769da3b3c0614d4a2d9b1a6fa95ce5fba5", at("2020-12-26T06:02:00Z"),
            252_510, "music", null, "Tango del Pecado (feat. Bajofondo Tango Club & Panasuyo)", "Calle 13", null, null,
            null);
    public static final Play PODCAST = new Play("b97841f90186690f4d806640659871e7d4d5dd6ac0c8",
            at("2023-02-19T09:44:16Z"), 23_857, "podcast", "spotify:episode:3KUKIjACVZd7VvkjWcE4rL",
            "Welcome to Mythical Monsters", "Mythical Monsters ", "clickrow", "endplay", true, "spotify:episode:3KUKIjACVZd7VvkjWcE4rL", null);
    public static final Play SKIP = new Play("b97841f90186884dab888139e0dbdf2be7e3fe9c0065", at("2023-02-25T11:20:37Z"),
            61_839, "music", "spotify:track:6potEImiklXkwD9qFzpu15", "Forever", "Labrinth", "trackdone", "endplay", true,
            "spotify:track:6potEImiklXkwD9qFzpu15", "Euphoria (Original Score from the HBO Series)");
    /** The full play whose basic record the extended one replaced. */
    public static final Play FULL = new Play("b97841f901868862a6a043acd1a47df630a92450cc20", at("2023-02-25T11:43:32Z"),
            204_695, "music", "spotify:track:6zvHwijlnwqjS6d46yAffi", "Paro", "Nej", "clickrow", "trackdone", false,
            "spotify:track:6zvHwijlnwqjS6d46yAffi", "Paro");

    private GoldenPlays() {
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}

package io.echotune.recommender.ranking;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The profile's sums can be updated play by play and end up exactly where a rebuild from scratch would. */
class TasteAccumulatorTest {

    static final long DAY = 24L * 3600 * 1000;

    /** Facts of a two-track catalog: one known track with features and genres, everything else unknown. */
    static final TasteAccumulator.Facts FACTS = new TasteAccumulator.Facts() {
        @Override
        public float[] features(String trackId) {
            if (!"A".equals(trackId) && !"B".equals(trackId)) {
                return null;
            }
            float[] f = new float[FeatureSpace.DIMENSIONS];
            java.util.Arrays.fill(f, "A".equals(trackId) ? 0.2f : 0.8f);
            return f;
        }

        @Override
        public int durationMs(String trackId) {
            return 200_000;
        }

        @Override
        public List<String> trackGenres(String trackId) {
            return "A".equals(trackId) ? List.of("indie folk") : List.of("edm");
        }

        @Override
        public List<String> artistGenres(String artistKey) {
            return artistKey.equals("unknown band") ? List.of("shoegaze") : List.of();
        }
    };

    static List<Play> plays() {
        List<Play> plays = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String track = i % 3 == 0 ? "B" : i % 3 == 1 ? "A" : null;
            String artist = track == null ? "Unknown Band" : track.equals("A") ? "Folk Singer" : "DJ";
            plays.add(new Play("p" + i, 1_700_000_000_000L + i * DAY, i % 5 == 0 ? 10_000 : 200_000, "music", track,
                    "t" + i, artist, "clickrow", i % 5 == 0 ? "fwdbtn" : "trackdone", null));
        }
        return plays;
    }

    @Test
    void addingPlaysOneByOneGivesTheSameSumsAsARebuild() {
        TasteAccumulator rebuilt = new TasteAccumulator(30 * DAY);
        rebuilt.addAll(plays(), FACTS);
        TasteAccumulator incremental = new TasteAccumulator(30 * DAY);
        List<Play> plays = plays();
        incremental.addAll(plays.subList(0, 17), FACTS);
        for (Play p : plays.subList(17, plays.size())) {
            incremental.add(p, FACTS);
        }
        assertEquals(rebuilt.reference(), incremental.reference());
        assertEquals(rebuilt.streams(), incremental.streams());
        assertEquals(rebuilt.skips(), incremental.skips());
        for (Map.Entry<String, TasteAccumulator.TrackStats> e : rebuilt.tracks().entrySet()) {
            assertEquals(e.getValue().positive, incremental.tracks().get(e.getKey()).positive, 1e-9);
            assertEquals(e.getValue().negative, incremental.tracks().get(e.getKey()).negative, 1e-9);
        }
        for (int d = 0; d < FeatureSpace.DIMENSIONS; d++) {
            assertEquals(rebuilt.features().sum[d], incremental.features().sum[d], 1e-9);
        }
        assertEquals(rebuilt.genres().get("shoegaze").positive, incremental.genres().get("shoegaze").positive, 1e-9);
    }

    @Test
    void countsAreFactsAndGenresOfUnknownTracksComeFromTheArtistTable() {
        TasteAccumulator acc = new TasteAccumulator(30 * DAY);
        acc.addAll(plays(), FACTS);
        assertEquals(40, acc.musicPlays());
        assertEquals(8, acc.skips(), "every fifth play is a forward skip");
        assertEquals(32, acc.streams());
        assertEquals(13, acc.artists().get("unknown band").plays);
        assertEquals(13 - 3, acc.artists().get("unknown band").streams, "three of its plays were 10 s skips");
        assertEquals(10, acc.genres().get("shoegaze").streams, "a play outside the catalog counts for its artist's genres");
        assertEquals(0, acc.tracks().containsKey("null") ? 1 : 0);
    }

    @Test
    void decayStaysExactOverHundredsOfHalfLivesAndReadsInBetween() {
        long halfLife = 7 * DAY;
        TasteAccumulator single = new TasteAccumulator(halfLife);
        single.add(new Play("0", 0, 200_000, "music", "A", "a", "X", null, "trackdone", null), FACTS);
        double weight = single.tracks().get("A").positive;

        // ten years of plays: A every third day throughout, B in the first year only (some 470 half-lives ago)
        TasteAccumulator acc = new TasteAccumulator(halfLife);
        List<Long> playsOfA = new ArrayList<>();
        List<Long> playsOfB = new ArrayList<>();
        for (long t = 0; t <= 3650 * DAY; t += 3 * DAY) {
            String track = t <= 365 * DAY && (t / DAY) % 2 == 0 ? "B" : "A";
            acc.add(new Play("p" + t, t, 200_000, "music", track, "t", track.equals("A") ? "X" : "Y", null, "trackdone", null), FACTS);
            (track.equals("A") ? playsOfA : playsOfB).add(t);
            if (t == 1800 * DAY) {
                assertEquals(acc.tracks().get("A").plays, playsOfA.size(), "reading midway changes nothing");
            }
        }
        long reference = acc.reference();
        double expectedA = playsOfA.stream().mapToDouble(t -> weight * Math.pow(2, -(double) (reference - t) / halfLife)).sum();
        double expectedB = playsOfB.stream().mapToDouble(t -> weight * Math.pow(2, -(double) (reference - t) / halfLife)).sum();
        assertEquals(expectedA, acc.tracks().get("A").positive, expectedA * 1e-9);
        assertEquals(expectedB, acc.tracks().get("B").positive, expectedB * 1e-9);
        assertEquals(true, expectedB > 0 && expectedB < 1e-100, "B's plays decayed far, but not to nothing");
    }

    @Test
    void aPlayOneHalfLifeOlderCountsHalf() {
        TasteAccumulator acc = new TasteAccumulator(10 * DAY);
        acc.add(new Play("1", 0, 200_000, "music", "A", "a", "X", null, "trackdone", null), FACTS);
        acc.add(new Play("2", 10 * DAY, 200_000, "music", "B", "b", "Y", null, "trackdone", null), FACTS);
        assertEquals(0.5, acc.tracks().get("A").positive, 1e-9);
        assertEquals(1.0, acc.tracks().get("B").positive, 1e-9);
    }
}

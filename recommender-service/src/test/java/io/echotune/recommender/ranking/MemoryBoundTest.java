package io.echotune.recommender.ranking;

import io.echotune.recommender.support.InMemoryModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory is bounded by design (docs/recommender.md, "Memory"): a 250,000-record history streamed into a profile and a
 * co-listening model over thousands of listeners both stay under stated budgets, measured by the structures' own
 * estimates, whatever the input size. The histories are generated from the shared catalog with a fixed seed and a
 * skewed (Zipf-like) choice of tracks, as real listening is.
 */
class MemoryBoundTest {

    private static final int RECORDS = 250_000;
    private static final int CHUNK = 2_000;                       // ProfileService.REBUILD_CHUNK
    private static final int MAX_TRACKS = 6_000;                  // echotune.recommender.taste.max-tracks
    private static final int MAX_ARTISTS = 5_000;                 // echotune.recommender.taste.max-artists
    private static final long PROFILE_BUDGET = 6L << 20;          // per user, whatever the history's length
    private static final long PAIR_TABLE_BUDGET = 24L << 20;      // CoListening.DEFAULT_MAX_PAIRS at 12 bytes a slot

    private static InMemoryModel model;

    @BeforeAll
    static void load() {
        model = InMemoryModel.shared();
    }

    @Test
    void aProfileStreamedFromA250kRecordHistoryStaysWithinItsBudget() {
        CatalogIndex catalog = model.catalog;
        TasteAccumulator.Facts facts = model.facts();
        TasteAccumulator acc = new TasteAccumulator(120L * 24 * 3600 * 1000);
        Random random = new Random(250_000);
        long playedAt = 1_325_404_800_000L;   // 2012-01-01
        long peak = 0;
        List<Play> chunk = new ArrayList<>(CHUNK);
        for (int r = 0; r < RECORDS; r++) {
            int track = skewed(random, catalog.size());
            playedAt += 60_000 + random.nextInt(600_000);
            // one record in ten is a track the catalog does not know (another spelling, a local file)
            boolean known = r % 10 != 0;
            List<String> artists = catalog.artistNamesOf(track);
            chunk.add(new Play("r" + r, playedAt, 20_000 + random.nextInt(200_000), "music",
                    known ? catalog.id(track) : null, known ? catalog.name(track) : "unknown title " + r,
                    known && !artists.isEmpty() ? artists.getFirst() : "unknown artist " + (r % 20_000),
                    "trackdone", random.nextInt(5) == 0 ? "fwdbtn" : "trackdone", null));
            if (chunk.size() == CHUNK) {
                acc.addAll(chunk, facts);
                acc.boundTracks(MAX_TRACKS);
                acc.boundArtists(MAX_ARTISTS);
                peak = Math.max(peak, acc.estimatedBytes());
                chunk.clear();
            }
        }
        acc.trimTracks(MAX_TRACKS);
        acc.trimArtists(MAX_ARTISTS);
        assertEquals(RECORDS, acc.records());
        assertEquals(MAX_TRACKS, acc.tracks().size() + acc.outside().size(),
                "the history holds more distinct tracks than are kept; in and out of the catalog share the budget");
        assertTrue(acc.outside().size() > 0, "tracks outside the catalog are kept too");
        assertTrue(acc.artists().size() <= MAX_ARTISTS, "artists kept: " + acc.artists().size());
        assertTrue(peak <= PROFILE_BUDGET, "profile sums peaked at " + (peak >> 20) + " MB, budget "
                + (PROFILE_BUDGET >> 20) + " MB");
        System.out.printf("250k-record profile: peak %d KB, %d tracks, %d artists, %d genres%n", peak >> 10,
                acc.tracks().size(), acc.artists().size(), acc.genres().size());
    }

    @Test
    void coListeningOverThousandsOfListenersStaysWithinItsPairBudget() {
        CatalogIndex catalog = model.catalog;
        CoListening.Builder builder = CoListening.builder(catalog.size(), 2, CoListening.DEFAULT_MAX_PAIRS);
        CatalogIndex.Csr pt = catalog.playlistTracks();
        for (int p = 0; p < catalog.playlistCount(); p++) {
            int[] tracks = new int[pt.size(p)];
            for (int i = 0; i < tracks.length; i++) {
                tracks[i] = pt.value(pt.start(p) + i);
            }
            builder.playlist(tracks);
        }
        long afterPlaylists = builder.estimatedBytes();
        Random random = new Random(2);
        int listeners = 1_500;
        long peak = 0;
        for (int u = 0; u < listeners; u++) {
            int[] loved = new int[200];   // echotune.recommender.taste.loved-tracks
            for (int i = 0; i < loved.length; i++) {
                loved[i] = skewed(random, catalog.size());
            }
            builder.listener(loved);
            peak = Math.max(peak, builder.estimatedBytes());
        }
        CoListening built = builder.build(50, 3.0, 0);

        System.out.printf("co-listening: pair table after playlists %d KB, peak %d KB, %d prunes, %d neighbour pairs, "
                + "model %d KB%n", afterPlaylists >> 10, peak >> 10, builder.prunes(), built.pairs(), built.estimatedBytes() >> 10);
        long perTrackCounts = 8L * catalog.size();
        assertTrue(peak <= PAIR_TABLE_BUDGET + perTrackCounts, "pair table peaked at " + (peak >> 20) + " MB");
        assertTrue(builder.prunes() > 0, "1,500 listeners of 200 tracks overflow the table, which must have pruned");
        assertTrue(afterPlaylists <= peak);
        assertEquals(listeners, built.listenerBaskets());
        // the kept model: at most 50 neighbours a track, 10 bytes each, plus the offsets
        assertTrue(built.estimatedBytes() <= 64 + 4L * (catalog.size() + 1) + 10L * 50 * catalog.size());
        // the playlists' own pairs survive the listeners' pressure: a playlist's tracks still have neighbours
        int first = pt.value(pt.start(0));
        assertTrue(built.neighboursEnd(first) > built.neighboursStart(first));
    }

    /** A track number skewed towards the low ones: a few tracks get most plays, as in real listening. */
    private static int skewed(Random random, int size) {
        double u = random.nextDouble();
        return (int) Math.min(size - 1, Math.floor(Math.pow(u, 3) * size));
    }
}

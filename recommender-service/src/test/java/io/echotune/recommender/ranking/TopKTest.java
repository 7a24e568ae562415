package io.echotune.recommender.ranking;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The two ways to take the k smallest (a bounded heap, a histogram of the top bits) agree, ties and gaps included. */
class TopKTest {

    @Test
    void theHistogramSelectionTakesTheSameTracksAsTheHeap() {
        Random random = new Random(7);
        int[] histogram = new int[TopK.BUCKETS];
        for (int round = 0; round < 300; round++) {
            int n = 1 + random.nextInt(5_000);
            float[] values = new float[n];
            for (int t = 0; t < n; t++) {
                values[t] = switch (round % 5) {
                    case 0 -> random.nextFloat() * 40;                  // spread out
                    case 1 -> 3 + random.nextInt(4) * 0.25f;             // many ties
                    case 2 -> 1 + random.nextFloat() * 1e-5f;            // all in one bucket of the top bits
                    case 3 -> random.nextInt(10) == 0 ? Float.NaN : random.nextFloat();   // unknowns sort last
                    default -> random.nextInt(3) == 0 ? 0f : (float) Math.exp(random.nextGaussian() * 6);
                };
            }
            BitSet skip = new BitSet(n);
            for (int t = 0; t < n; t++) {
                if (random.nextInt(4) == 0) {
                    skip.set(t);
                }
            }
            int k = 1 + random.nextInt(round % 7 == 0 ? 2 * n : Math.max(1, n / 3));

            TopK heap = new TopK(k);
            for (int t = 0; t < n; t++) {
                if (!skip.get(t)) {
                    heap.offer(values[t], t);
                }
            }
            int[] expected = heap.sortedTracks();
            Arrays.sort(expected);
            int[] actual = TopK.smallest(values, n, skip, k, histogram);
            Arrays.sort(actual);
            assertArrayEquals(expected, actual, "round " + round + ": n " + n + ", k " + k);
        }
    }
}

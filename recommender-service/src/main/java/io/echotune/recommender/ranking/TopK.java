package io.echotune.recommender.ranking;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The k smallest of a stream of (value, track) pairs without boxing: each pair is one long whose high half is the
 * value in an order-preserving int form and whose low half is the track number, so ties break by track number (by id).
 * A bounded max-heap of longs.
 */
final class TopK {

    private final long[] heap;
    private int size;

    TopK(int k) {
        heap = new long[Math.max(1, k)];
    }

    /** An int whose signed order is the float's numeric order (NaN sorts last). */
    static int sortable(float value) {
        int bits = Float.floatToIntBits(value);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    static long key(float value, int track) {
        return ((long) sortable(value) << 32) | (track & 0xffffffffL);
    }

    static int track(long key) {
        return (int) key;
    }

    void offer(float value, int track) {
        long key = key(value, track);
        if (size < heap.length) {
            heap[size] = key;
            siftUp(size++);
        } else if (key < heap[0]) {
            heap[0] = key;
            siftDown(0);
        }
    }

    /** Buckets of {@link #smallest}: 16 bits of a value's sortable form per level. */
    static final int BUCKETS = 1 << 16;

    /**
     * The tracks of the k smallest of {@code values[0..n)} leaving out those in {@code skip}: the same set (ties by
     * track number) as offering each to a {@code TopK(k)}, in any order. For a large n and k a heap costs a sift per
     * replacement; this counts the values per bucket of the top 16 bits of their sortable form, takes every bucket
     * below the one where the k-th falls, and settles that bucket by its low 16 bits the same way. Values that share
     * all 32 bits are equal, and are taken in track order. {@code histogram} is scratch of {@link #BUCKETS} ints.
     */
    static int[] smallest(float[] values, int n, BitSet skip, int k, int[] histogram) {
        Arrays.fill(histogram, 0);
        int kept = 0;
        for (int t = 0; t < n; t++) {
            if (!skip.get(t)) {
                histogram[sortable(values[t]) >>> 16 ^ 0x8000]++;
                kept++;
            }
        }
        int[] out = new int[Math.min(k, kept)];
        int high = kept > k ? boundary(histogram, k) : BUCKETS;
        int[] edge = new int[high < BUCKETS ? histogram[high] : 0];
        int taken = 0;
        int atEdge = 0;
        for (int t = 0; t < n; t++) {
            if (skip.get(t)) {
                continue;
            }
            int b = sortable(values[t]) >>> 16 ^ 0x8000;
            if (b < high) {
                out[taken++] = t;
            } else if (b == high) {
                edge[atEdge++] = t;   // ascending track numbers
            }
        }
        if (taken == out.length) {
            return out;
        }
        Arrays.fill(histogram, 0);
        for (int t : edge) {
            histogram[sortable(values[t]) & 0xffff]++;
        }
        int low = boundary(histogram, out.length - taken);
        int equalsLeft = out.length - taken;
        for (int t : edge) {
            if ((sortable(values[t]) & 0xffff) < low) {
                out[taken++] = t;
                equalsLeft--;
            }
        }
        for (int i = 0; i < edge.length && equalsLeft > 0; i++) {
            if ((sortable(values[edge[i]]) & 0xffff) == low) {
                out[taken++] = edge[i];
                equalsLeft--;
            }
        }
        return out;
    }

    /** The bucket where the running count reaches {@code k} (k <= the total). */
    private static int boundary(int[] histogram, int k) {
        int below = 0;
        for (int b = 0; b < histogram.length; b++) {
            below += histogram[b];
            if (below >= k) {
                return b;
            }
        }
        throw new IllegalStateException("fewer than " + k + " counted");
    }

    int size() {
        return size;
    }

    /** The tracks, smallest value first. */
    int[] sortedTracks() {
        long[] keys = Arrays.copyOf(heap, size);
        Arrays.sort(keys);
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = track(keys[i]);
        }
        return out;
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] >= heap[i]) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int largest = left + 1 < size && heap[left + 1] > heap[left] ? left + 1 : left;
            if (heap[i] >= heap[largest]) {
                return;
            }
            swap(i, largest);
            i = largest;
        }
    }

    private void swap(int a, int b) {
        long t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}

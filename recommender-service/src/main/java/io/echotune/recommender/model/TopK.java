package io.echotune.recommender.model;

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

    /** Buckets of {@link #smallest}: the top 16 bits of a value's sortable form. */
    static final int BUCKETS = 1 << 16;

    /**
     * The tracks of the k smallest of {@code values[0..n)} leaving out those in {@code skip}: the same set (ties by
     * track number) as offering each to a {@code TopK(k)}, in any order. For a large n and k a heap costs a sift per
     * replacement; this counts the values per bucket of their top 16 bits, takes every bucket below the one where the
     * k-th falls, and sorts only that bucket. {@code histogram} is scratch of {@link #BUCKETS} ints.
     */
    static int[] smallest(float[] values, int n, BitSet skip, int k, int[] histogram) {
        Arrays.fill(histogram, 0);
        int kept = 0;
        for (int t = 0; t < n; t++) {
            if (!skip.get(t)) {
                histogram[bucket(values[t])]++;
                kept++;
            }
        }
        int boundary = BUCKETS;
        int below = 0;
        if (kept > k) {
            for (int b = 0; b < BUCKETS; b++) {
                if (below + histogram[b] >= k) {
                    boundary = b;
                    break;
                }
                below += histogram[b];
            }
        }
        int[] out = new int[Math.min(k, kept)];
        long[] edge = new long[boundary < BUCKETS ? histogram[boundary] : 0];
        int taken = 0;
        int atEdge = 0;
        for (int t = 0; t < n; t++) {
            if (skip.get(t)) {
                continue;
            }
            int b = bucket(values[t]);
            if (b < boundary) {
                out[taken++] = t;
            } else if (b == boundary) {
                edge[atEdge++] = key(values[t], t);
            }
        }
        Arrays.sort(edge);
        for (int i = 0; taken < out.length; i++) {
            out[taken++] = track(edge[i]);
        }
        return out;
    }

    private static int bucket(float value) {
        return (sortable(value) ^ Integer.MIN_VALUE) >>> 16;
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

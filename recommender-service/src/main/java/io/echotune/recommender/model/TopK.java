package io.echotune.recommender.model;

import java.util.Arrays;

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

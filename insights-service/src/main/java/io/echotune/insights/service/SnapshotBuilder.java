package io.echotune.insights.service;

import io.echotune.insights.ListeningSnapshot;
import io.echotune.insights.repository.MusicPlay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a user's music records as they stream from the history store into growing columns (never a list of
 * documents: 250,000 parsed documents would take hundreds of MB), then orders them by start.
 * Not thread-safe: one builder per build, fed from one stream.
 */
final class SnapshotBuilder {

    private static final int INITIAL_CAPACITY = 1_024;

    private record Variant(String trackKey, String trackUri, String trackName, String artistName) {
    }

    private final Map<Variant, Integer> variantIds = new HashMap<>();
    private final List<Variant> variants = new ArrayList<>();
    private final Map<String, Integer> reasonIds = new HashMap<>();
    private final List<String> reasons = new ArrayList<>();

    private long[] startedAt = new long[INITIAL_CAPACITY];
    private long[] playedAt = new long[INITIAL_CAPACITY];
    private long[] msPlayed = new long[INITIAL_CAPACITY];
    private int[] variant = new int[INITIAL_CAPACITY];
    private int[] reasonEnd = new int[INITIAL_CAPACITY];
    private byte[] skipped = new byte[INITIAL_CAPACITY];
    private int size;

    SnapshotBuilder add(MusicPlay play) {
        if (size == startedAt.length) {
            grow();
        }
        startedAt[size] = play.startedAt();
        playedAt[size] = play.playedAt();
        msPlayed[size] = play.msPlayed();
        Variant key = new Variant(play.trackKey(), play.trackUri(), play.trackName(), play.artistName());
        variant[size] = variantIds.computeIfAbsent(key, k -> {
            variants.add(k);
            return variants.size() - 1;
        });
        reasonEnd[size] = play.reasonEnd() == null ? -1 : reasonIds.computeIfAbsent(play.reasonEnd(), r -> {
            reasons.add(r);
            return reasons.size() - 1;
        });
        skipped[size] = play.skipped() == null ? ListeningSnapshot.SKIPPED_UNKNOWN
                : play.skipped() ? ListeningSnapshot.SKIPPED_TRUE : ListeningSnapshot.SKIPPED_FALSE;
        size++;
        return this;
    }

    private void grow() {
        int capacity = startedAt.length * 2;
        startedAt = Arrays.copyOf(startedAt, capacity);
        playedAt = Arrays.copyOf(playedAt, capacity);
        msPlayed = Arrays.copyOf(msPlayed, capacity);
        variant = Arrays.copyOf(variant, capacity);
        reasonEnd = Arrays.copyOf(reasonEnd, capacity);
        skipped = Arrays.copyOf(skipped, capacity);
    }

    /** The records in start order (startedAt, then playedAt), as sessions need them. */
    ListeningSnapshot build() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> startedAt[a] != startedAt[b]
                ? Long.compare(startedAt[a], startedAt[b])
                : Long.compare(playedAt[a], playedAt[b]));
        long[] sortedStart = new long[size];
        long[] sortedEnd = new long[size];
        long[] sortedMs = new long[size];
        int[] sortedVariant = new int[size];
        int[] sortedReason = new int[size];
        byte[] sortedSkipped = new byte[size];
        for (int i = 0; i < size; i++) {
            int from = order[i];
            sortedStart[i] = startedAt[from];
            sortedEnd[i] = playedAt[from];
            sortedMs[i] = msPlayed[from];
            sortedVariant[i] = variant[from];
            sortedReason[i] = reasonEnd[from];
            sortedSkipped[i] = skipped[from];
        }
        int count = variants.size();
        String[] keys = new String[count];
        String[] uris = new String[count];
        String[] names = new String[count];
        String[] artists = new String[count];
        for (int v = 0; v < count; v++) {
            Variant each = variants.get(v);
            keys[v] = each.trackKey();
            uris[v] = each.trackUri();
            names[v] = each.trackName();
            artists[v] = each.artistName();
        }
        return new ListeningSnapshot(sortedStart, sortedEnd, sortedMs, sortedVariant, sortedReason, sortedSkipped,
                keys, uris, names, artists, reasons.toArray(String[]::new));
    }
}

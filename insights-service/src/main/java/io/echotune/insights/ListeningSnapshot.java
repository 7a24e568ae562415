package io.echotune.insights;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One user's whole music history in columns: every music record with its raw facts (end and start time, time
 * played, track, end reason, skip flag), ordered by start time. Every insight is computed from this in Java for any
 * window and zone, so figures stay exact without a precomputed bucket per zone or range.
 * <p>
 * Names are held once, in a dictionary of <em>variants</em>: one entry per distinct (trackKey, trackUri, trackName,
 * artistName) combination the user's records carry, so "the alphabetically first name in the window" stays exact
 * even where records of one track disagree. Each variant points to a dense track index (one per trackKey) and a dense
 * artist index (one per artist name); -1 means the record has none.
 * <p>
 * Immutable after construction, so concurrent computations may share one instance. Memory: 33 bytes a record in the
 * columns plus the dictionary (about 11 MB for 250,000 records of 34,000 tracks; see docs/insights.md).
 */
public final class ListeningSnapshot {

    public static final byte SKIPPED_UNKNOWN = 0;
    public static final byte SKIPPED_FALSE = 1;
    public static final byte SKIPPED_TRUE = 2;
    private static final String TRACK_URI_PREFIX = "spotify:track:";

    private final long[] startedAt;
    private final long[] playedAt;
    private final long[] msPlayed;
    private final int[] variant;
    private final int[] reasonEnd;
    private final byte[] skipped;

    private final String[] variantTrackKey;
    private final String[] variantTrackUri;
    private final String[] variantTrackName;
    private final String[] variantArtistName;
    private final String[] reasons;

    private final int[] variantTrack;
    private final int[] variantArtist;
    private final String[] trackKeys;
    private final String[] artistNames;
    private final int skipReason;
    /** Computed on first use; a race computes it twice, identically. */
    private volatile String[] variantCatalogIds;

    /**
     * Takes ownership of the arrays (no copies). Records must already be in start order
     * ({@code startedAt}, then {@code playedAt}); {@code variant} and {@code reasonEnd} index the dictionaries
     * ({@code reasonEnd} -1 = none).
     */
    public ListeningSnapshot(long[] startedAt, long[] playedAt, long[] msPlayed, int[] variant, int[] reasonEnd,
                             byte[] skipped, String[] variantTrackKey, String[] variantTrackUri,
                             String[] variantTrackName, String[] variantArtistName, String[] reasons) {
        int records = startedAt.length;
        if (playedAt.length != records || msPlayed.length != records || variant.length != records
                || reasonEnd.length != records || skipped.length != records) {
            throw new IllegalArgumentException("record columns differ in length");
        }
        int variants = variantTrackKey.length;
        if (variantTrackUri.length != variants || variantTrackName.length != variants
                || variantArtistName.length != variants) {
            throw new IllegalArgumentException("variant columns differ in length");
        }
        for (int i = 0; i < records; i++) {
            if (variant[i] < 0 || variant[i] >= variants || reasonEnd[i] < -1 || reasonEnd[i] >= reasons.length) {
                throw new IllegalArgumentException("record " + i + " refers outside the dictionary");
            }
            if (i > 0 && (startedAt[i] < startedAt[i - 1]
                    || startedAt[i] == startedAt[i - 1] && playedAt[i] < playedAt[i - 1])) {
                throw new IllegalArgumentException("records are not in start order at " + i);
            }
        }
        this.startedAt = startedAt;
        this.playedAt = playedAt;
        this.msPlayed = msPlayed;
        this.variant = variant;
        this.reasonEnd = reasonEnd;
        this.skipped = skipped;
        this.variantTrackKey = variantTrackKey;
        this.variantTrackUri = variantTrackUri;
        this.variantTrackName = variantTrackName;
        this.variantArtistName = variantArtistName;
        this.reasons = reasons;

        this.variantTrack = new int[variants];
        this.variantArtist = new int[variants];
        this.trackKeys = denseIndex(variantTrackKey, variantTrack);
        this.artistNames = denseIndex(variantArtistName, variantArtist);
        this.skipReason = Arrays.asList(reasons).indexOf(ListeningRules.SKIP_REASON_END);
    }

    /** Numbers the distinct non-null values of {@code values} in order of appearance; -1 for null. */
    private static String[] denseIndex(String[] values, int[] indexOut) {
        Map<String, Integer> ids = new HashMap<>();
        for (int v = 0; v < values.length; v++) {
            String value = values[v];
            indexOut[v] = value == null ? -1 : ids.computeIfAbsent(value, k -> ids.size());
        }
        String[] distinct = new String[ids.size()];
        ids.forEach((value, id) -> distinct[id] = value);
        return distinct;
    }

    public int records() {
        return startedAt.length;
    }

    public long startedAt(int record) {
        return startedAt[record];
    }

    public long playedAt(int record) {
        return playedAt[record];
    }

    public long msPlayed(int record) {
        return msPlayed[record];
    }

    public int variant(int record) {
        return variant[record];
    }

    /** The end reason's dictionary index, -1 for none. */
    public int reasonEnd(int record) {
        return reasonEnd[record];
    }

    public byte skipped(int record) {
        return skipped[record];
    }

    /** The record's track index (one per trackKey), -1 when it has no trackKey. */
    public int track(int record) {
        return variantTrack[variant[record]];
    }

    /** The record's artist index (one per artist name), -1 when it has no artist name. */
    public int artist(int record) {
        return variantArtist[variant[record]];
    }

    /** A play of at least 30 s ({@link ListeningRules#STREAM_MIN_MS}). */
    public boolean isStream(int record) {
        return msPlayed[record] >= ListeningRules.STREAM_MIN_MS;
    }

    /** The skip rule of {@link ListeningRules}, applied to the record's raw facts. */
    public boolean isSkip(int record) {
        if (skipped[record] == SKIPPED_TRUE) {
            return true;
        }
        int reason = reasonEnd[record];
        if (reason >= 0) {
            return reason == skipReason;
        }
        return msPlayed[record] < ListeningRules.STREAM_MIN_MS;
    }

    public int variants() {
        return variantTrackKey.length;
    }

    public int variantTrack(int variant) {
        return variantTrack[variant];
    }

    public int variantArtist(int variant) {
        return variantArtist[variant];
    }

    public String variantTrackKey(int variant) {
        return variantTrackKey[variant];
    }

    public String variantTrackUri(int variant) {
        return variantTrackUri[variant];
    }

    public String variantTrackName(int variant) {
        return variantTrackName[variant];
    }

    public String variantArtistName(int variant) {
        return variantArtistName[variant];
    }

    /**
     * Per variant, the catalog id of its URI ({@code tracks._id} of {@code spotify:track:<id>}), null for variants
     * without a Spotify track URI. Shared: callers must not modify it.
     */
    public String[] variantCatalogIds() {
        String[] ids = variantCatalogIds;
        if (ids == null) {
            ids = new String[variantTrackUri.length];
            for (int v = 0; v < ids.length; v++) {
                String uri = variantTrackUri[v];
                ids[v] = uri != null && uri.startsWith(TRACK_URI_PREFIX) ? uri.substring(TRACK_URI_PREFIX.length()) : null;
            }
            variantCatalogIds = ids;
        }
        return ids;
    }

    public int tracks() {
        return trackKeys.length;
    }

    public String trackKey(int track) {
        return trackKeys[track];
    }

    public int artists() {
        return artistNames.length;
    }

    public String artistName(int artist) {
        return artistNames[artist];
    }

    /** The end-reason dictionary (a handful of values such as trackdone, fwdbtn, endplay). */
    public String[] reasons() {
        return reasons.clone();
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof ListeningSnapshot that
                && Arrays.equals(startedAt, that.startedAt) && Arrays.equals(playedAt, that.playedAt)
                && Arrays.equals(msPlayed, that.msPlayed) && Arrays.equals(variant, that.variant)
                && Arrays.equals(reasonEnd, that.reasonEnd) && Arrays.equals(skipped, that.skipped)
                && Arrays.equals(variantTrackKey, that.variantTrackKey)
                && Arrays.equals(variantTrackUri, that.variantTrackUri)
                && Arrays.equals(variantTrackName, that.variantTrackName)
                && Arrays.equals(variantArtistName, that.variantArtistName)
                && Arrays.equals(reasons, that.reasons);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(playedAt), Arrays.hashCode(variant), records(), variants());
    }

    @Override
    public String toString() {
        return "ListeningSnapshot[" + records() + " records, " + variants() + " variants]";
    }
}

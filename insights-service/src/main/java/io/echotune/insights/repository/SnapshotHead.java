package io.echotune.insights.repository;

import java.time.Instant;

/**
 * The one small document per user that says which stored snapshot is current ({@code insights_snapshots},
 * {@code _id} = userId).
 *
 * @param stamp      changes (a fresh UUID) whenever the user's history changes; a build records the stamp it read
 *                   under, and is committed only if the stamp is still the same
 * @param builtStamp the stamp the stored build was made under; equal to {@code stamp} when the build is current
 * @param buildId    the stored build, null before the first one
 * @param format     {@link SnapshotCodec#FORMAT} of the stored build
 * @param chunks     how many chunk documents the build has
 * @param rawBytes   the length of the inflated stream
 * @param records    music records in the build (for operators)
 */
public record SnapshotHead(String userId, String stamp, String builtStamp, String buildId, int format, int chunks,
                           int rawBytes, long records, Instant builtAt) {

    /** A build exists, in this code's format, made after the latest change of the user's history. */
    public boolean isCurrent() {
        return buildId != null && format == SnapshotCodec.FORMAT && stamp != null && stamp.equals(builtStamp);
    }
}

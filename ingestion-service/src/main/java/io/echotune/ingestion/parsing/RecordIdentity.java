package io.echotune.ingestion.parsing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic ids. The record id is derived from (user, end time in ms, track identity, msPlayed): the API's
 * record identity, so the same record always gets the same _id and a re-import stores nothing new. It is ordered
 * by user, then end time ({@link #recordId}), because the history is keyed by it: a batch of one export is then
 * written to one narrow range of keys instead of pages all over the collection. The play key
 * is SHA-256 over (user, end time floored to the minute, normalised artist, normalised title, msPlayed): the
 * resolution a basic export has, so a basic and an extended record of the same play share it.
 */
public final class RecordIdentity {

    private static final char SEP = '\u001f';
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private RecordIdentity() {
    }

    /**
     * 44 hex digits: 8 of SHA-256(user), the end time in ms as 12 (fixed width, so the ids of one user sort by
     * time), then 24 of SHA-256 over the whole identity (96 bits that tell apart plays of the same millisecond).
     * Random ids cost the MongoDB stand-in a rewrite of whole document pages per insert (measured: 3x slower,
     * 12x the file size; docs/benchmarks.md), and real MongoDB's _id index likes ordered keys as well.
     */
    public static String recordId(String userId, long playedAtMillis, String trackIdentity, long msPlayed) {
        String identity = sha256("r1" + SEP + userId + SEP + playedAtMillis + SEP + trackIdentity + SEP + msPlayed);
        return sha256(userId).substring(0, 8) + String.format("%012x", playedAtMillis) + identity.substring(0, 24);
    }

    /** Whether an id has format 1 (64 hex digits), which {@link #recordId} no longer produces. */
    public static boolean isLegacyRecordId(String id) {
        return id.length() == 64;
    }

    public static String playKey(String userId, long playedAtMillis, String normalisedArtist, String normalisedTitle,
                                 long msPlayed) {
        long minute = Math.floorDiv(playedAtMillis, 60_000L) * 60_000L;
        return sha256("p1" + SEP + userId + SEP + minute + SEP + normalisedArtist + SEP + normalisedTitle + SEP + msPlayed);
    }

    private static String sha256(String value) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return HEX.formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}

package io.echotune.ingestion.imports.parsing;

import io.echotune.commons.music.TrackNames;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic ids. The record id is derived from (user, end time in ms, track identity, msPlayed): the API's
 * record identity, so the same record always gets the same _id and a re-import stores nothing new. It is ordered
 * by user, then end time ({@link #recordId}), because the history is keyed by it: a batch of one export is then
 * written to one narrow range of keys instead of pages all over the collection. The play key identifies a play
 * at the resolution a basic export has: (user, end time floored to the minute, normalised artist, normalised
 * title, msPlayed), so a basic and an extended record of the same play share it. It is ordered the same way, for
 * its unique index ({@link #playKey}).
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
     * Why ordered: an import inserts one user's plays in time order, so ordered ids put each batch into a narrow
     * range of the _id B-tree (WiredTiger appends to a few hot pages instead of dirtying pages all over the index,
     * and a user's history is one key range). Measured on the local stand-in: docs/benchmarks.md.
     */
    public static String recordId(String userId, long playedAtMillis, String trackIdentity, long msPlayed) {
        String identity = sha256("r1" + SEP + userId + SEP + playedAtMillis + SEP + trackIdentity + SEP + msPlayed);
        return sha256(userId).substring(0, 8) + String.format("%012x", playedAtMillis) + identity.substring(0, 24);
    }

    /** Whether an id has format 1 (64 hex digits), which {@link #recordId} no longer produces. */
    public static boolean isLegacyRecordId(String id) {
        return id.length() == 64;
    }

    /**
     * 40 hex digits: 8 of SHA-256(user) (as in the record id), the end minute since the epoch as 8 (fixed width),
     * then 24 of SHA-256 over the whole key. Format 1 was the 64-digit SHA-256 alone: its unique index took inserts
     * at random places all over the B-tree; ordered keys keep a batch's inserts on a few pages, as for the ids.
     * Measured on the local stand-in: docs/benchmarks.md.
     */
    public static String playKey(String userId, long playedAtMillis, String normalisedArtist, String normalisedTitle,
                                 long msPlayed) {
        long minute = Math.floorDiv(playedAtMillis, 60_000L);
        String key = sha256("p2" + SEP + userId + SEP + minute + SEP + normalisedArtist + SEP + normalisedTitle
                + SEP + msPlayed);
        return sha256(userId).substring(0, 8) + String.format("%08x", minute) + key.substring(0, 24);
    }

    /** The play key of a record's names: null when it lacks the artist or the title (then it has none). */
    public static String playKeyOf(String userId, long playedAtMillis, String artist, String title, long msPlayed) {
        if (artist == null || title == null) {
            return null;
        }
        return playKey(userId, playedAtMillis, TrackNames.normalise(artist), TrackNames.normalise(title), msPlayed);
    }

    /** Whether a play key has format 1 (64 hex digits), which {@link #playKey} no longer produces. */
    public static boolean isLegacyPlayKey(String key) {
        return key != null && key.length() == 64;
    }

    private static String sha256(String value) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return HEX.formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}

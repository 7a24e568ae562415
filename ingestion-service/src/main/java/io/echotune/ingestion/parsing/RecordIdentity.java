package io.echotune.ingestion.parsing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic ids. The record id is SHA-256 over (user, end time in ms, track identity, msPlayed): the API's
 * record identity, so the same record always gets the same _id and a re-import stores nothing new. The play key
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

    public static String recordId(String userId, long playedAtMillis, String trackIdentity, long msPlayed) {
        return sha256("r1" + SEP + userId + SEP + playedAtMillis + SEP + trackIdentity + SEP + msPlayed);
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

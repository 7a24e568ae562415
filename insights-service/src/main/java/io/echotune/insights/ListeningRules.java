package io.echotune.insights;

/**
 * What counts as a stream and as a skip in every insight. docs/ will state these same definitions to users;
 * change them only together with the docs.
 */
public final class ListeningRules {

    /** Only music is analysed: podcast, audiobook and video records are stored but left out of every insight. */
    public static final String MUSIC = "music";

    /**
     * A stream is a play of at least 30 seconds ({@code msPlayed >= 30000}), the threshold Spotify itself
     * counts a stream from.
     */
    public static final long STREAM_MIN_MS = 30_000L;

    /**
     * A play is a skip when the export says so ({@code skipped == true}), when the user pressed "next"
     * ({@code reasonEnd == "fwdbtn"}), or, for records that carry no end reason (basic exports, where
     * {@code reasonEnd} is null), when it was shorter than a stream ({@code msPlayed < STREAM_MIN_MS}).
     */
    public static final String SKIP_REASON_END = "fwdbtn";

    /** Decimal places of {@code skipRate} (skips / records, 0 without records). */
    public static final int SKIP_RATE_SCALE = 4;

    private ListeningRules() {
    }
}

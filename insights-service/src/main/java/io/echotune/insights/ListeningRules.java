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

    /**
     * A session ends where the next play starts 30 minutes or more after the latest end time seen in the session
     * so far ({@code startedAt(next) - max(playedAt) >= SESSION_GAP_MS}); overlapping plays stay in one session.
     */
    public static final long SESSION_GAP_MS = 30L * 60 * 1000;

    /**
     * A track is a forgotten favourite when it had at least {@code FAVOURITE_MIN_STREAMS} streams in the window
     * and its last play in the window ended {@code FORGOTTEN_AFTER_MONTHS} calendar months (in tz) or more before
     * the user's latest music play in the window. The reference is the user's own latest play rather than the
     * clock because imported histories end whenever the export was made.
     */
    public static final int FORGOTTEN_AFTER_MONTHS = 6;

    /** The engagement a forgotten favourite needs: streams (plays of >= 30 s) in the window. */
    public static final long FAVOURITE_MIN_STREAMS = 5;

    /** Records of tracks the catalog gives no genre are counted under this genre, never guessed. */
    public static final String UNKNOWN_GENRE = "unknown";

    /** Valence and energy (0..1) are each split into this many equal bins for the mood grid. */
    public static final int MOOD_BINS = 5;

    private ListeningRules() {
    }
}

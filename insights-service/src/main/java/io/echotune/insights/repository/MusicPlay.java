package io.echotune.insights.repository;

/**
 * The facts of one stored music record that insights use (times in epoch ms). {@code startedAt} is the stored start,
 * or end minus time played for records stored without one.
 */
public record MusicPlay(long playedAt, long startedAt, long msPlayed, String trackKey, String trackUri,
                        String trackName, String artistName, String reasonEnd, Boolean skipped) {
}

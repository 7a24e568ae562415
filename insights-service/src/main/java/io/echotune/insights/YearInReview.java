package io.echotune.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * One calendar year (in tz) of music listening. {@code totalMinutes} is msPlayed / 60000 rounded down; "top" is
 * by msPlayed (ties by name); busiest hour and weekday by msPlayed (ties: the earlier one); the longest session is
 * the one lasting longest (ties: the earlier one); new artists and tracks are those first heard that year in the
 * user's whole history. Tops, busiest slots and the longest session are null for a year without music.
 */
@RegisterForReflection
public record YearInReview(int year, String timeZone, long records, long streams, long msPlayed, long totalMinutes,
                           ArtistRank topArtist, TrackRank topTrack, GenreRank topGenre, long newArtists,
                           long newTracks, BusiestHour busiestHour, BusiestWeekday busiestWeekday,
                           ListeningSession longestSession, List<MonthMinutes> months) {

    @RegisterForReflection
    public record BusiestHour(int hour, long streams, long msPlayed) {
    }

    @RegisterForReflection
    public record BusiestWeekday(int weekday, long streams, long msPlayed) {
    }

    /** Every month of the year, January first, empty ones included. */
    @RegisterForReflection
    public record MonthMinutes(String month, long records, long streams, long msPlayed, long minutes) {
    }
}

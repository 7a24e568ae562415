package io.echotune.insights.repository;

/** Music records, streams and time played that ended in one month ({@code yyyy-MM} in the query zone). */
public record MonthTotals(String month, long records, long streams, long msPlayed) {
}

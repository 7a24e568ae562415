package io.echotune.insights.service;

import io.echotune.insights.ListeningRules;
import io.echotune.insights.ListeningSummary;
import io.echotune.insights.repository.ListeningHistoryRepository;
import io.echotune.insights.repository.ListeningTotals;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Insights computed from the caller's own listening history, music only (see {@link ListeningRules}). */
@ApplicationScoped
public class InsightsService {

    private final ListeningHistoryRepository history;

    public InsightsService(ListeningHistoryRepository history) {
        this.history = history;
    }

    /** Raw {@code from}/{@code to}/{@code tz} parameters are validated here; bad ones fail with a 400 naming them. */
    public Uni<ListeningSummary> summary(String userId, String from, String to, String tz) {
        QueryWindow window = QueryWindow.parse(from, to, tz);
        return history.musicTotals(userId, window.from(), window.to()).map(InsightsService::toSummary);
    }

    private static ListeningSummary toSummary(ListeningTotals totals) {
        return new ListeningSummary(totals.records(), totals.streams(), totals.msPlayed(), totals.uniqueTracks(),
                totals.uniqueArtists(), skipRate(totals.skips(), totals.records()), totals.firstPlayedAt(),
                totals.lastPlayedAt());
    }

    static double skipRate(long skips, long records) {
        if (records == 0) {
            return 0.0;
        }
        return BigDecimal.valueOf(skips)
                .divide(BigDecimal.valueOf(records), ListeningRules.SKIP_RATE_SCALE, RoundingMode.HALF_UP)
                .doubleValue();
    }
}

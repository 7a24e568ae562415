package io.echotune.ingestion.history;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** One page of GET /api/v1/history, newest first; {@code nextCursor} is null on the last page. */
@RegisterForReflection
public record HistoryPage(List<Item> items, String nextCursor) {

    @RegisterForReflection
    public record Item(Instant playedAt, long msPlayed, String trackUri, String trackName, String artistName,
                       String albumName, String reasonStart, String reasonEnd, Boolean skipped, Boolean shuffle,
                       String platform, String contentType) {
    }
}

package io.echotune.gateway.repository;

import io.echotune.gateway.SpotifySync;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.echotune.gateway.repository.ErasureRepository.instant;
import static io.echotune.gateway.repository.ErasureRepository.utc;

/**
 * Where each user's Spotify sync stands ({@code gateway.spotify_sync}, V5). Due users are claimed for a lease with
 * {@code FOR UPDATE SKIP LOCKED}: replicas never hold the same user at once, and no transaction stays open while
 * Spotify is called. A claim holds until {@link #finish} or until the lease runs out (a replica that died).
 */
@ApplicationScoped
public class SpotifySyncRepository {

    private final Pool pool;

    public SpotifySyncRepository(Pool pool) {
        this.pool = pool;
    }

    /** A claimed user and the cursor its next call starts after (null before the first sync). */
    public record Claimed(UUID userId, Long cursorAfterMs) {
    }

    /** How a run ended, to store: the new cursor (null keeps the old one) and when the user is due next. */
    public record Finished(SpotifySync.Outcome outcome, String message, Integer recordsStored, Long cursorAfterMs,
                           Instant at, Instant nextSyncAt, Instant backoffUntil, boolean reconnectRequired) {
    }

    /**
     * The user signed in with Spotify: due at once, and a connection Spotify had refused is usable again. A rate
     * limit still stands: the next run waits for it.
     */
    public Uni<Void> connected(UUID userId) {
        return pool.preparedQuery("INSERT INTO gateway.spotify_sync (user_id, next_sync_at) VALUES ($1, now())"
                        + " ON CONFLICT (user_id) DO UPDATE SET reconnect_required = false,"
                        + " next_sync_at = GREATEST(now(), COALESCE(spotify_sync.backoff_until, now()))")
                .execute(Tuple.of(userId))
                .replaceWithVoid();
    }

    /** Claims up to {@code limit} due users whose connection works and whom no replica holds, for {@code lease}. */
    public Uni<List<Claimed>> claimDue(int limit, Duration lease) {
        return pool.preparedQuery("UPDATE gateway.spotify_sync SET leased_until = now() + make_interval(secs => $2)"
                        + " WHERE user_id IN (SELECT user_id FROM gateway.spotify_sync"
                        + " WHERE NOT reconnect_required AND next_sync_at <= now()"
                        + " AND (leased_until IS NULL OR leased_until < now())"
                        + " ORDER BY next_sync_at LIMIT $1 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING user_id, cursor_after_ms")
                .execute(Tuple.of(limit, lease.toMillis() / 1000.0))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(new Claimed(row.getUUID("user_id"), row.getLong("cursor_after_ms")));
                    }
                    return claimed;
                });
    }

    /** Stores how the run ended and releases the claim. */
    public Uni<Void> finish(UUID userId, Finished run) {
        return pool.preparedQuery("UPDATE gateway.spotify_sync SET leased_until = NULL,"
                        + " cursor_after_ms = COALESCE($2, cursor_after_ms), last_sync_at = $3, outcome = $4,"
                        + " message = $5, records_stored = $6, next_sync_at = $7, backoff_until = $8,"
                        + " reconnect_required = $9 WHERE user_id = $1")
                .execute(Tuple.from(new Object[]{userId, run.cursorAfterMs(), utc(run.at()), run.outcome().name(),
                        run.message(), run.recordsStored(), utc(run.nextSyncAt()), utc(run.backoffUntil()),
                        run.reconnectRequired()}))
                .replaceWithVoid();
    }

    /** What {@code GET /api/v1/me} shows of the user's sync; empty for users who never connected Spotify. */
    public Uni<Optional<SpotifySync.Status>> status(UUID userId) {
        return pool.preparedQuery("SELECT last_sync_at, outcome, message, records_stored, next_sync_at, backoff_until,"
                        + " reconnect_required FROM gateway.spotify_sync WHERE user_id = $1")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    String outcome = row.getString("outcome");
                    Instant backoff = instant(row.getOffsetDateTime("backoff_until"));
                    boolean reconnect = row.getBoolean("reconnect_required");
                    return Optional.of(new SpotifySync.Status(instant(row.getOffsetDateTime("last_sync_at")),
                            outcome == null ? null : SpotifySync.Outcome.valueOf(outcome), row.getString("message"),
                            row.getInteger("records_stored"),
                            reconnect ? null : instant(row.getOffsetDateTime("next_sync_at")),
                            backoff != null && backoff.isAfter(Instant.now()) ? backoff : null));
                });
    }
}

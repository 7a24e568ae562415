package io.echotune.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every row of the {@code gateway} schema that belongs to one user (users with its encrypted Spotify tokens,
 * access_tokens, preferences, spotify_sync with the sync's cursor and outcome), deleted together inside the erasure's
 * transaction.
 */
@ApplicationScoped
public class AccountRowsRepository {

    /**
     * Locks the user's row: of two erasures of the same account at once, the second waits for the first and then
     * finds nothing. Empty when the account does not exist (any more).
     */
    public Uni<Optional<UUID>> lockUser(SqlClient tx, UUID userId) {
        return tx.preparedQuery("SELECT id FROM gateway.users WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(userId))
                .map(rows -> rows.size() == 0 ? Optional.<UUID>empty() : Optional.of(userId));
    }

    /** Deletes the user's rows; answers the ids of the access tokens that were deleted (to evict them from caches). */
    public Uni<List<UUID>> delete(SqlClient tx, UUID userId) {
        return tx.preparedQuery("DELETE FROM gateway.access_tokens WHERE user_id = $1 RETURNING id")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getUUID("id"));
                    }
                    return ids;
                })
                .call(() -> tx.preparedQuery("DELETE FROM gateway.preferences WHERE user_id = $1").execute(Tuple.of(userId)))
                .call(() -> tx.preparedQuery("DELETE FROM gateway.spotify_sync WHERE user_id = $1").execute(Tuple.of(userId)))
                .call(() -> tx.preparedQuery("DELETE FROM gateway.users WHERE id = $1").execute(Tuple.of(userId)));
    }
}

package io.echotune.playlist.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Claims due scheduled refreshes. One statement locks due rows with {@code FOR UPDATE SKIP LOCKED} (rows another
 * replica is claiming are skipped, not waited for) and moves their {@code next_run_at} one period past now, so each
 * due refresh is handed to exactly one replica, once. The claim commits before the refresh runs: no lock is held
 * across calls to other services.
 */
@ApplicationScoped
public class ScheduleClaims {

    private static final String CLAIM = """
            UPDATE playlist.playlists p
               SET next_run_at = now() + CASE p.schedule_every WHEN 'daily' THEN interval '1 day' ELSE interval '7 days' END
             WHERE p.id IN (SELECT id FROM playlist.playlists
                             WHERE next_run_at <= now()
                             ORDER BY next_run_at
                             LIMIT $1
                             FOR UPDATE SKIP LOCKED)
            RETURNING p.id, p.user_id, p.prompt IS NOT NULL AS has_prompt, p.schedule_delegation""";

    /**
     * A claimed refresh: whose playlist, whether it has a prompt to regenerate from, and the owner's delegation (null
     * for schedules set before delegations existed). {@code toString} leaves the delegation out: it is a credential.
     */
    public record Claim(UUID playlistId, String userId, boolean hasPrompt, String delegation) {
        @Override
        public String toString() {
            return "Claim[playlistId=" + playlistId + ", hasPrompt=" + hasPrompt + ", delegated=" + (delegation != null) + "]";
        }
    }

    private final PgPool client;

    public ScheduleClaims(PgPool client) {
        this.client = client;
    }

    public Uni<List<Claim>> claimDue(int limit) {
        return client.preparedQuery(CLAIM).execute(Tuple.of(limit)).map(rows -> {
            List<Claim> claims = new ArrayList<>();
            for (Row row : rows) {
                claims.add(new Claim(row.getUUID("id"), row.getString("user_id"), row.getBoolean("has_prompt"),
                        row.getString("schedule_delegation")));
            }
            return claims;
        });
    }
}

package io.echotune.gateway.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.gateway.Caller;
import io.echotune.gateway.Scope;
import io.echotune.gateway.SpotifySync;
import io.echotune.gateway.client.RecentlyPlayedPage;
import io.echotune.gateway.client.SpotifyClient;
import io.echotune.gateway.client.SpotifyConnectionRevoked;
import io.echotune.gateway.client.SyncedPlaysClient;
import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.repository.SpotifySyncRepository.Claimed;
import io.echotune.gateway.repository.SpotifySyncRepository.Finished;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One sync run for one user (docs/privacy.md "Spotify sync"): the access token (refreshed first when it expires within
 * a minute), Spotify's recently played tracks after the stored cursor, each item mapped by
 * {@link RecentlyPlayedMapping}, and the plays handed to ingestion-service with the user's internal token (write
 * scope), which stores them with the record identity of imports. Answers how the run ended; never fails. The cursor
 * moves only once the plays are stored, so a failed run asks for the same plays again.
 */
@ApplicationScoped
public class SpotifySyncService {

    private static final Logger LOG = Logger.getLogger(SpotifySyncService.class);

    private final SpotifyAccessService access;
    private final SpotifyClient spotify;
    private final SyncedPlaysClient history;
    private final InternalTokenIssuer internalTokens;
    private final GatewayConfig.SpotifySync config;

    public SpotifySyncService(SpotifyAccessService access, SpotifyClient spotify, SyncedPlaysClient history,
                              InternalTokenIssuer internalTokens, GatewayConfig config) {
        this.access = access;
        this.spotify = spotify;
        this.history = history;
        this.internalTokens = internalTokens;
        this.config = config.spotifySync();
    }

    public Uni<Finished> sync(Claimed user) {
        return access.accessTokenFor(user.userId())
                .chain(found -> found.isPresent()
                        ? spotify.recentlyPlayed(found.get().accessToken(), pageSize(), user.cursorAfterMs())
                        : Uni.createFrom().failure(new SpotifyConnectionRevoked(
                                "No Spotify connection is stored; sign in with Spotify again")))
                .chain(page -> store(user, page))
                .onFailure().recoverWithItem(e -> failed(user, e));
    }

    private Uni<Finished> store(Claimed user, RecentlyPlayedPage page) {
        List<SyncedPlaysClient.Play> plays = new ArrayList<>();
        Long cursor = user.cursorAfterMs();
        for (RecentlyPlayedPage.PlayHistory item : page.items() == null ? List.<RecentlyPlayedPage.PlayHistory>of() : page.items()) {
            RecentlyPlayedMapping.toPlay(item).ifPresent(plays::add);
            Long at = RecentlyPlayedMapping.playedAt(item).map(Instant::toEpochMilli).orElse(null);
            cursor = later(cursor, at);
        }
        cursor = later(cursor, cursorOf(page));
        Long next = cursor;
        if (plays.isEmpty()) {
            return Uni.createFrom().item(ok(next, 0));
        }
        return internalTokens.tokenFor(new Caller(user.userId(), Set.of(Scope.WRITE), Caller.Via.SYNC))
                .chain(token -> history.store(token, plays))
                .map(stored -> ok(next, stored.stored()));
    }

    private Finished ok(Long cursor, int stored) {
        Instant now = now();
        return new Finished(SpotifySync.Outcome.OK, stored == 0 ? "No new plays" : stored + " new plays stored",
                stored, cursor, now, now.plus(config.interval()), null, false);
    }

    private Finished failed(Claimed user, Throwable e) {
        Instant now = now();
        if (e instanceof SpotifyConnectionRevoked revoked) {
            LOG.infof("Spotify sync of user %s: the connection is refused; waiting for a new sign-in", user.userId());
            return new Finished(SpotifySync.Outcome.RECONNECT_REQUIRED, revoked.getMessage(), null, null, now,
                    now.plus(config.interval()), null, true);
        }
        if (e instanceof ApiException api && api.problem().status() == 429) {
            Duration wait = api.retryAfter() != null ? api.retryAfter() : config.interval();
            Instant until = now.plus(wait).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            LOG.infof("Spotify sync of user %s: rate limited for %s", user.userId(), wait);
            return new Finished(SpotifySync.Outcome.RATE_LIMITED,
                    "Spotify asked EchoTune to wait; the next sync is after " + until, null, null, now, until, until, false);
        }
        LOG.warnf("Spotify sync of user %s failed (tried again at the next interval): %s", user.userId(), e.toString());
        String message = e instanceof ApiException api ? api.getMessage()
                : "Spotify or the listening history could not be reached; the next sync tries again";
        return new Finished(SpotifySync.Outcome.FAILED, message, null, null, now, now.plus(config.interval()), null, false);
    }

    private int pageSize() {
        return Math.max(1, Math.min(50, config.pageSize()));
    }

    /** Spotify's {@code cursors.after}: the newest play's time in epoch ms, as a string; null when absent or bad. */
    private static Long cursorOf(RecentlyPlayedPage page) {
        if (page.cursors() == null || page.cursors().after() == null) {
            return null;
        }
        try {
            return Long.parseLong(page.cursors().after());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long later(Long a, Long b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Math.max(a, b);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}

package io.echotune.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.erasure.ErasureEvents;
import io.echotune.commons.problem.ApiException;
import io.echotune.gateway.Erasure;
import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.messaging.OutboxRelay;
import io.echotune.gateway.repository.AccountRowsRepository;
import io.echotune.gateway.repository.ErasureRepository;
import io.echotune.gateway.repository.OutboxRepository;
import io.echotune.gateway.repository.RateLimitStore;
import io.echotune.gateway.repository.SessionStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Account erasure (API.md "Identity", docs/privacy.md). {@code DELETE /api/v1/me} ends the account at once: its
 * sessions are closed, and one PostgreSQL transaction deletes its rows (user with the encrypted Spotify tokens, access
 * tokens, preferences), records the erasure with every service PENDING and appends {@code user.deleted} to the outbox,
 * from which {@link OutboxRelay} publishes it. Then the revoked tokens are evicted from every replica's cache. Each
 * service erases what it holds and reports on {@code echotune.erasure-reports}; the gateway's own remains (its Redis
 * keys) are erased when its consumer gets the event, like everyone else's. The erasure is COMPLETED when all reported;
 * then the outbox rows that named the user go too.
 */
@ApplicationScoped
public class ErasureService {

    private static final Logger LOG = Logger.getLogger(ErasureService.class);
    private static final String RATE_LIMIT_BUCKET = "user";
    private static final Duration RATE_LIMIT_WINDOW = Duration.ofMinutes(1);

    private final Pool database;
    private final AccountRowsRepository accountRows;
    private final ErasureRepository erasures;
    private final OutboxRepository outbox;
    private final SessionStore sessions;
    private final RateLimitStore rateLimits;
    private final AccessTokenCache recentlyVerified;
    private final InternalTokenIssuer internalTokens;
    private final OutboxRelay relay;
    private final ObjectMapper json;
    private final GatewayConfig config;

    public ErasureService(Pool database, AccountRowsRepository accountRows, ErasureRepository erasures,
                          OutboxRepository outbox, SessionStore sessions, RateLimitStore rateLimits,
                          AccessTokenCache recentlyVerified, InternalTokenIssuer internalTokens, OutboxRelay relay,
                          ObjectMapper json, GatewayConfig config) {
        this.database = database;
        this.accountRows = accountRows;
        this.erasures = erasures;
        this.outbox = outbox;
        this.sessions = sessions;
        this.rateLimits = rateLimits;
        this.recentlyVerified = recentlyVerified;
        this.internalTokens = internalTokens;
        this.relay = relay;
        this.json = json;
        this.config = config;
    }

    /** Every service that must report before an erasure is COMPLETED, the gateway first. */
    public List<String> participants() {
        List<String> all = new ArrayList<>();
        all.add(Erasure.GATEWAY);
        config.erasure().services().stream().map(String::strip).filter(s -> !s.isEmpty() && !all.contains(s))
                .forEach(all::add);
        return all;
    }

    /**
     * Erases the account of {@code userId} ({@code callerSessionId}: the session the request came with, if any): when
     * this answers, no credential of the user works any more. A failure
     * before the commit (Redis or PostgreSQL unreachable) leaves everything as it was, so the user can try again.
     */
    public Uni<Erasure> erase(UUID userId, String callerSessionId) {
        UUID erasureId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<String> participants = participants();
        OutboxRepository.OutboxMessage event = new OutboxRepository.OutboxMessage(UUID.randomUUID(),
                ErasureEvents.USER_EVENTS_TOPIC, userId.toString(),
                ErasureEvents.userDeleted(json, erasureId, userId.toString(), now), now);
        // Sessions first: should the transaction fail, the user has merely been signed out. The caller's own session
        // by its id too, in case it predates the per-user session sets.
        Uni<Void> callersSession = callerSessionId == null || callerSessionId.isBlank() ? Uni.createFrom().voidItem()
                : sessions.close(callerSessionId);
        return callersSession.chain(() -> sessions.closeAll(userId))
                .chain(() -> database.withTransaction(tx -> accountRows.lockUser(tx, userId).chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().failure(ApiException.unauthorized("This account no longer exists"));
                    }
                    return erasures.insert(tx, erasureId, participants, now)
                            .chain(() -> outbox.append(tx, event))
                            .chain(() -> accountRows.delete(tx, userId));
                })))
                .call(tokenIds -> afterCommit(userId, tokenIds))
                .map(ignored -> {
                    Map<String, Erasure.ServiceStatus> pending = new LinkedHashMap<>();
                    participants.forEach(p -> pending.put(p, Erasure.ServiceStatus.PENDING));
                    return new Erasure(erasureId, Erasure.Status.RUNNING, pending, now, null);
                });
    }

    /**
     * Committed: evict the deleted tokens on every replica, drop reusable internal tokens, close a session opened
     * meanwhile, drop the rate-limit counters and wake the relay. Best effort: the gateway's consumer does the Redis
     * part again, and a token another replica still caches expires within its TTL.
     */
    private Uni<Void> afterCommit(UUID userId, List<UUID> tokenIds) {
        internalTokens.forget(userId);
        relay.wake();
        return Multi.createFrom().iterable(tokenIds)
                .onItem().transformToUniAndConcatenate(recentlyVerified::revoked)
                .collect().last()
                .chain(() -> sessions.closeAll(userId))
                .chain(() -> rateLimits.forget(RATE_LIMIT_BUCKET, userId.toString(), RATE_LIMIT_WINDOW))
                .onFailure().invoke(e -> LOG.warnf("Erasure committed; cleaning the gateway's Redis keys is left to its"
                        + " consumer: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** The status of an erasure, if it is (still) known. */
    public Uni<Optional<Erasure>> status(UUID erasureId) {
        return erasures.find(erasureId).map(found -> found.map(stored -> {
            Map<String, Erasure.ServiceStatus> services = new LinkedHashMap<>();
            stored.doneAt().forEach((service, done) -> services.put(service,
                    done == null ? Erasure.ServiceStatus.PENDING : Erasure.ServiceStatus.DONE));
            return new Erasure(erasureId, stored.completedAt() == null ? Erasure.Status.RUNNING : Erasure.Status.COMPLETED,
                    services, stored.requestedAt(), stored.completedAt());
        }));
    }

    /**
     * The gateway's own part, on {@code user.deleted}: what the request could not reach or may have missed (sessions
     * opened before the per-user index existed, rate-limit counters, account rows should any remain). Idempotent.
     */
    public Uni<Void> eraseRemains(String userId) {
        UUID id;
        try {
            id = UUID.fromString(userId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().voidItem();   // not an id the gateway ever gave out: nothing of it here
        }
        internalTokens.forget(id);
        return sessions.closeAll(id)
                .chain(() -> sessions.sweep(id))
                .chain(() -> rateLimits.forget(RATE_LIMIT_BUCKET, userId, RATE_LIMIT_WINDOW))
                .chain(() -> database.withTransaction(tx -> accountRows.delete(tx, id)))
                .replaceWithVoid();
    }

    /** A participant reported its part done; the last report completes the erasure. */
    public Uni<Void> reported(UUID erasureId, String service, String userId) {
        return erasures.markDone(erasureId, service, Instant.now()).chain(completed -> {
            if (!completed) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("Erasure %s completed", erasureId);
            // the user.deleted row named the user: it has done its job
            return userId == null ? Uni.createFrom().voidItem() : outbox.deleteByKey(userId).replaceWithVoid();
        });
    }

    /** Completed erasures are kept readable for {@code echotune.gateway.erasure.keep-status}, then deleted. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purgeOldStatuses() {
        return erasures.purgeCompletedBefore(Instant.now().minus(config.erasure().keepStatus()))
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Deleted the status of %d erasures completed more than %s ago", n, config.erasure().keepStatus());
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}

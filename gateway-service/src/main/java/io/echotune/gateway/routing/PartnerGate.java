package io.echotune.gateway.routing;

import io.echotune.commons.problem.Problem;
import io.echotune.gateway.Caller;
import io.echotune.gateway.PartnerClient;
import io.echotune.gateway.repository.RateLimitStore;
import io.echotune.gateway.service.PartnerMetrics;
import io.echotune.gateway.service.PartnerMetrics.Outcome;
import io.echotune.gateway.service.PartnerTokenService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * Admits a call made with a partner access token: the token must be valid and its client still registered, the
 * dispatched route one of {@link PartnerRoutes} with its scope granted, and the client under its per-minute rate and
 * its daily quota (UTC days), each counted in Redis for all gateway replicas. Every call that proves its client is
 * counted in {@link PartnerMetrics}, whatever the answer. An admitted call goes on as {@link Caller#partner}: a
 * subject that owns no data.
 */
@ApplicationScoped
public class PartnerGate {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** Epoch days start at midnight UTC, so the store's fixed one-day windows are UTC days. */
    private static final Duration DAY = Duration.ofDays(1);

    private final PartnerTokenService tokens;
    private final RateLimitStore counters;
    private final AddressLimits addressLimits;
    private final PartnerMetrics metrics;

    public PartnerGate(PartnerTokenService tokens, RateLimitStore counters, AddressLimits addressLimits,
                       PartnerMetrics metrics) {
        this.tokens = tokens;
        this.counters = counters;
        this.addressLimits = addressLimits;
        this.metrics = metrics;
    }

    public Uni<Optional<Rejection>> admit(RoutingContext ctx, String path, String token) {
        HttpServerRequest request = ctx.request();
        return tokens.authenticate(token).chain(grant -> {
            if (grant.isEmpty()) {
                return addressLimits.recordFailure(request).replaceWith(Rejection.of(Problem.unauthorized(
                        "The partner access token is not valid: it has expired, or its client was removed; "
                                + "get a new one at POST /oauth/token")));
            }
            return authorize(ctx, path, grant.get());
        });
    }

    private Uni<Optional<Rejection>> authorize(RoutingContext ctx, String path, PartnerClient.Grant grant) {
        PartnerClient client = grant.client();
        String clientId = client.clientId().toString();
        Optional<PartnerRoutes.Route> route = PartnerRoutes.match(ctx.request().method(), path);
        if (route.isEmpty()) {
            metrics.call(clientId, PartnerRoutes.NO_ROUTE, Outcome.FORBIDDEN);
            return Uni.createFrom().item(Rejection.of(Problem.forbidden(
                    "Partner tokens may call only the partner API (docs/partners.md); this route is not part of it")));
        }
        String routeName = route.get().name();
        if (!grant.scopes().contains(route.get().scope())) {
            metrics.call(clientId, routeName, Outcome.FORBIDDEN);
            return Uni.createFrom().item(Rejection.of(Problem.forbidden(
                    "This token lacks the '" + route.get().scope().wireName() + "' scope")));
        }
        // the minute first: a call refused for its rate does not use up the day's quota
        return counters.acquire("partner-minute", clientId, client.ratePerMinute(), MINUTE).chain(minute -> {
            if (!minute.allowed()) {
                metrics.call(clientId, routeName, Outcome.RATE_LIMITED);
                return Uni.createFrom().item(Rejection.tooMany("This client's rate of " + client.ratePerMinute()
                        + " calls per minute is reached; retry in " + minute.retryAfterSeconds() + " s", minute.retryAfterSeconds()));
            }
            return counters.acquire("partner-day", clientId, client.dailyQuota(), DAY).map(day -> {
                if (!day.allowed()) {
                    metrics.call(clientId, routeName, Outcome.QUOTA_EXCEEDED);
                    return Rejection.tooMany("This client's daily quota of " + client.dailyQuota()
                            + " calls is used up; it renews at midnight UTC, in " + day.retryAfterSeconds() + " s", day.retryAfterSeconds());
                }
                metrics.call(clientId, routeName, Outcome.ADMITTED);
                ctx.put(CurrentCaller.ATTRIBUTE, Caller.partner(client.clientId(), grant.scopes()));
                return Optional.<Rejection>empty();
            });
        });
    }
}

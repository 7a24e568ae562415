package io.echotune.gateway.routing;

import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.repository.RateLimitStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * Limits per client address for traffic that has no valid user to charge: sign-ups, sign-in starts and callbacks,
 * calls without credentials, and failed authentications. A user's own budget (per user id) only starts once a
 * credential is proven, so without these an anonymous client could make the gateway query its stores without end.
 * Behind a trusted ingress the address is the client's (the prod overlay turns on forwarded-address handling).
 */
@ApplicationScoped
public class AddressLimits {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final RateLimitStore counters;
    private final GatewayConfig.RateLimit config;

    public AddressLimits(RateLimitStore counters, GatewayConfig config) {
        this.counters = counters;
        this.config = config.rateLimit();
    }

    /** Counts one anonymous request; a rejection once the address is over its per-minute allowance. */
    public Uni<Optional<Rejection>> admitAnonymous(HttpServerRequest request) {
        return counters.acquire("anonymous", address(request), config.anonymousPerAddressPerMinute(), MINUTE)
                .map(v -> v.allowed() ? Optional.empty()
                        : Rejection.tooMany("Too many requests without sign-in from this address; retry in " + v.retryAfterSeconds() + " s", v.retryAfterSeconds()));
    }

    /** Counts one sign-up against the address's hourly allowance (and its anonymous per-minute one). */
    public Uni<Optional<Rejection>> admitSignUp(HttpServerRequest request) {
        return admitAnonymous(request).chain(rejected -> rejected.isPresent() ? Uni.createFrom().item(rejected)
                : counters.acquire("signup", address(request), config.signUpsPerAddressPerHour(), Duration.ofHours(1))
                .map(v -> v.allowed() ? Optional.empty()
                        : Rejection.tooMany("Too many accounts created from this address; retry in " + v.retryAfterSeconds() + " s", v.retryAfterSeconds())));
    }

    /** A rejection while the address has failed to authenticate too often this minute; counts nothing. */
    public Uni<Optional<Rejection>> refuseAfterFailures(HttpServerRequest request) {
        return counters.check("authfail", address(request), config.failedAuthPerAddressPerMinute(), MINUTE)
                .map(v -> v.allowed() ? Optional.empty()
                        : Rejection.tooMany("Too many failed sign-ins from this address; retry in " + v.retryAfterSeconds() + " s", v.retryAfterSeconds()));
    }

    /** Counts one failed authentication of the address. */
    public Uni<Void> recordFailure(HttpServerRequest request) {
        return counters.acquire("authfail", address(request), Integer.MAX_VALUE, MINUTE).replaceWithVoid();
    }

    private static String address(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}

package io.echotune.gateway.routing;

import io.echotune.commons.problem.Problem;
import io.echotune.commons.store.PostgresOutageAnswer;
import io.echotune.gateway.Caller;
import io.echotune.gateway.Scope;
import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.repository.RateLimitStore;
import io.echotune.gateway.service.CallerAuthenticator;
import io.echotune.gateway.service.CsrfToken;
import io.echotune.gateway.service.Secrets;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The front door of {@code /api/v1}: every call must present a personal access token
 * ({@code Authorization: Bearer et_…}), a session cookie or the operator credential
 * ({@code Authorization: Bearer <ECHOTUNE_ADMIN_TOKEN>}, scope {@code admin} only), may do only what its scopes
 * allow ({@code /api/v1/admin/**} needs {@code admin}; everything else a user scope), and is
 * counted against the caller's rate limit. The exceptions are sign-up, an erasure's status ({@link #ERASURE_STATUS})
 * and the public routes of {@link ServiceRoute#isPublic()} (shared playlists), which are metered per client address
 * instead. A partner access token ({@code Bearer etp_…}, from {@code POST /oauth/token}) is admitted by
 * {@link PartnerGate} instead, on the public routes too, so that its client's limits and metrics count every call it
 * makes. The established {@link Caller} is left on the routing context for the proxy and the gateway's own resources.
 */
@ApplicationScoped
public class ApiAuthenticationHandler {

    private static final Logger LOG = Logger.getLogger(ApiAuthenticationHandler.class);
    static final String SIGN_UP_PATH = "/api/v1/auth/local";
    /**
     * An erasure's status: readable with nothing but its (random) id, since the caller's credentials ended with the
     * erasure (API.md "Identity"); metered per client address like every anonymous call.
     */
    static final java.util.regex.Pattern ERASURE_STATUS = java.util.regex.Pattern.compile("^/api/v1/me/erasure/[^/]+$");
    /** Operators only: the caller must hold {@code admin}, which only the operator credential carries. */
    static final String ADMIN_PATH = "/api/v1/admin";
    private static final String BEARER = "Bearer ";

    private final CallerAuthenticator authenticator;
    private final RateLimitStore rateLimits;
    private final AddressLimits addressLimits;
    private final ProblemResponses problems;
    private final PostgresOutageAnswer postgresOutage;
    private final GatewayConfig config;
    private final PartnerGate partners;

    public ApiAuthenticationHandler(CallerAuthenticator authenticator, RateLimitStore rateLimits,
                                    AddressLimits addressLimits, ProblemResponses problems,
                                    PostgresOutageAnswer postgresOutage, GatewayConfig config, PartnerGate partners) {
        this.partners = partners;
        this.authenticator = authenticator;
        this.rateLimits = rateLimits;
        this.addressLimits = addressLimits;
        this.problems = problems;
        this.postgresOutage = postgresOutage;
        this.config = config;
    }

    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        // Hold the body until we know who is calling; the next handler resumes (or pipes) it.
        request.pause();
        // The raw path, which CanonicalPathGuard has proven to be the one every later reader dispatches on.
        String path = request.path();
        Uni<Optional<Rejection>> verdict = SIGN_UP_PATH.equals(path)
                ? addressLimits.admitSignUp(request)
                // a partner's call on a public route still counts against its client's limits and metrics
                : ServiceRoute.publicRouteOf(path).isPresent() && partnerToken(request).isPresent() ? authenticate(ctx, path)
                // the one public area of /api/v1 (shared playlists): no caller, metered per address
                : ServiceRoute.publicRouteOf(path).isPresent() || isErasureStatus(request) ? addressLimits.admitAnonymous(request)
                : authenticate(ctx, path);
        verdict.subscribe().with(rejection -> {
            if (rejection.isPresent()) {
                problems.send(ctx, rejection.get());
            } else {
                request.resume();
                ctx.next();
            }
        }, failure -> unavailable(ctx, failure));
    }

    /**
     * A credential that could not be checked is not a wrong one: never a 401. PostgreSQL out of reach (access tokens)
     * is the same 503 as behind the gateway's resources; any other failure (Redis: sessions, limits) a plain 503.
     */
    private void unavailable(RoutingContext ctx, Throwable failure) {
        postgresOutage.unavailable(failure).subscribe().with(postgres -> postgres.ifPresentOrElse(
                outage -> problems.send(ctx, new Rejection(outage.problem(), Math.max(1, outage.retryAfter().toSeconds()))),
                () -> signInUnavailable(ctx, failure)), probeFailure -> signInUnavailable(ctx, failure));
    }

    private void signInUnavailable(RoutingContext ctx, Throwable failure) {
        LOG.error("Authentication failed unexpectedly", failure);
        problems.send(ctx, Problem.serviceUnavailable("Sign-in is unavailable right now; try again shortly"));
    }

    private Uni<Optional<Rejection>> authenticate(RoutingContext ctx, String path) {
        HttpServerRequest request = ctx.request();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        Cookie session = authorization == null ? request.getCookie(config.session().cookieName()) : null;
        if (authorization == null && session == null) {
            return addressLimits.admitAnonymous(request).map(rejected -> rejected.isPresent() ? rejected
                    : Rejection.of(Problem.unauthorized("Sign in or send an access token")));
        }
        // An address that keeps presenting bad credentials is refused before any look-up.
        return addressLimits.refuseAfterFailures(request).chain(blocked -> {
            if (blocked.isPresent()) {
                return Uni.createFrom().item(blocked);
            }
            Optional<String> partnerToken = partnerToken(request);
            if (partnerToken.isPresent()) {
                return partners.admit(ctx, path, partnerToken.get());
            }
            // A presented token must be valid on its own: never fall back to a cookie.
            Uni<Optional<Caller>> caller = authorization != null
                    ? (authorization.startsWith(BEARER)
                        ? authenticator.byBearer(authorization.substring(BEARER.length()).strip())
                        : Uni.createFrom().item(Optional.empty()))
                    : authenticator.bySession(session.getValue());
            return caller.chain(found -> found.isPresent() ? authorize(ctx, path, found.get(), session)
                    : addressLimits.recordFailure(request).replaceWith(Rejection.of(Problem.unauthorized(
                            authorization != null ? "The access token is not valid" : "The session has ended; sign in again"))));
        });
    }

    private Uni<Optional<Rejection>> authorize(RoutingContext ctx, String path, Caller caller, Cookie session) {
        HttpServerRequest request = ctx.request();
        Scope needed = requiredScope(request.method(), path);
        if (!caller.may(needed)) {
            return Uni.createFrom().item(Rejection.of(Problem.forbidden("This token lacks the '" + needed.wireName() + "' scope")));
        }
        if (caller.via() == Caller.Via.SESSION && isWrite(request.method())) {
            if (isCrossSite(request)) {
                return Uni.createFrom().item(Rejection.of(Problem.forbidden("Cross-site requests may not change anything")));
            }
            if (!CsrfToken.matches(session.getValue(), request.getHeader(CsrfToken.HEADER))) {
                return Uni.createFrom().item(Rejection.of(Problem.forbidden("A change made with the session cookie needs the "
                        + CsrfToken.HEADER + " header (the value of the " + CsrfToken.COOKIE + " cookie)")));
            }
        }
        ctx.put(CurrentCaller.ATTRIBUTE, caller);
        int cost = RequestCost.of(request.method(), path);
        return rateLimits.acquire("user", caller.userId().toString(), config.rateLimit().requestsPerUserPerMinute(),
                Duration.ofMinutes(1), cost).map(v -> v.allowed() ? Optional.<Rejection>empty()
                : Rejection.tooMany("Rate limit reached; retry in " + v.retryAfterSeconds() + " s", v.retryAfterSeconds()));
    }

    /** The bearer value when it claims to be a partner access token (by its prefix; PartnerGate checks the rest). */
    private static Optional<String> partnerToken(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return Optional.empty();
        }
        String token = authorization.substring(BEARER.length()).strip();
        return Secrets.isPartnerTokenPrefixed(token) ? Optional.of(token) : Optional.empty();
    }

    private static boolean isErasureStatus(HttpServerRequest request) {
        return (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD)
                && ERASURE_STATUS.matcher(request.path()).matches();
    }

    static Scope requiredScope(HttpMethod method, String path) {
        if (path.equals(ADMIN_PATH) || path.startsWith(ADMIN_PATH + "/")) {
            return Scope.ADMIN;
        }
        boolean accountArea = path.startsWith("/api/v1/me/tokens") || path.startsWith("/api/v1/me/export")
                || (path.equals("/api/v1/me") && method == HttpMethod.DELETE);
        if (accountArea) {
            return Scope.ACCOUNT;
        }
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS ? Scope.READ : Scope.WRITE;
    }

    private static boolean isWrite(HttpMethod m) {
        return m != HttpMethod.GET && m != HttpMethod.HEAD && m != HttpMethod.OPTIONS;
    }

    /**
     * SameSite=Lax already blocks most cross-site writes and the CSRF header the rest; an Origin from elsewhere is
     * refused outright.
     */
    private static boolean isCrossSite(HttpServerRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || "null".equals(origin)) {
            return origin != null;
        }
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader(HttpHeaders.HOST);
            String originHost = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host == null || !host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}

package io.echotune.gateway.routing;

import io.echotune.commons.problem.Problem;
import io.echotune.gateway.Caller;
import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.service.InternalTokenIssuer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Forwards an authenticated call (or, on a public route, an anonymous read) to the service that owns it, streaming the body both ways (uploads and
 * server-sent events pass through without buffering). The caller's credential never leaves the gateway:
 * services get the signed internal token instead.
 */
@ApplicationScoped
public class ServiceProxy {

    private static final Logger LOG = Logger.getLogger(ServiceProxy.class);
    /** Headers that describe one hop, plus the caller's credentials, which stay at the gateway. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "cookie",
            "authorization", "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto",
            "x-forwarded-port", "x-forwarded-prefix");
    private static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "transfer-encoding", "upgrade", "set-cookie");
    private static final long IDLE_TIMEOUT_MS = 300_000;
    /** What a 503 for a service out of reach asks clients to wait: a restarted service is ready again in seconds. */
    private static final long UNREACHABLE_RETRY_AFTER_SECONDS = 5;
    /** What a 503 for a service at capacity asks clients to wait: the calls ahead take a second or less. */
    private static final long BUSY_RETRY_AFTER_SECONDS = 1;

    private final HttpClient client;
    private final InternalTokenIssuer tokens;
    private final ProblemResponses problems;
    private final ServiceAdmission admission;
    private final GatewayConfig config;

    public ServiceProxy(Vertx vertx, InternalTokenIssuer tokens, ProblemResponses problems, ServiceAdmission admission,
                        GatewayConfig config) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(64)
                .setKeepAlive(true)
                .setConnectTimeout(2_000)
                .setDecompressionSupported(false));
        this.tokens = tokens;
        this.problems = problems;
        this.admission = admission;
        this.config = config;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public void forward(RoutingContext ctx, ServiceRoute route) {
        HttpServerRequest in = ctx.request();
        in.pause();
        Caller caller = ctx.get(CurrentCaller.ATTRIBUTE);
        URI target = config.services().get(route.service());
        if ((caller == null && !route.isPublic()) || target == null) {
            problems.send(ctx, Problem.notFound("This resource"));
            return;
        }
        if (route.isPublic() && in.method() != HttpMethod.GET && in.method() != HttpMethod.HEAD) {
            ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            problems.send(ctx, Problem.of("method-not-allowed", "Method Not Allowed", 405, "This resource is read-only"));
            return;
        }
        long limit = route.carriesUploads() ? config.limits().maxImportBytes() : config.limits().maxBodyBytes();
        String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLength(length) > limit) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            problems.send(ctx, Problem.payloadTooLarge("The request body is " + length + " bytes; the limit here is " + limit + " bytes"));
            return;
        }
        if (!admission.tryEnter(route.service())) {
            problems.send(ctx, new Rejection(Problem.serviceUnavailable("The " + route.service()
                    + " service is at capacity; try again shortly"), BUSY_RETRY_AFTER_SECONDS));
            return;
        }
        ctx.addEndHandler(ended -> admission.leave(route.service()));

        if (route.isPublic()) {
            open(ctx, route, target, null, limit); // anonymous: no caller, so no internal token
            return;
        }
        tokens.tokenFor(caller).subscribe().with(
                token -> open(ctx, route, target, token, limit),
                failure -> unavailable(ctx, route, failure));
    }

    private void open(RoutingContext ctx, ServiceRoute route, URI target, String internalToken, long limit) {
        HttpServerRequest in = ctx.request();
        RequestOptions options = new RequestOptions()
                .setMethod(in.method())
                .setHost(target.getHost())
                .setPort(target.getPort())
                .setURI(in.uri())
                .setIdleTimeout(IDLE_TIMEOUT_MS)
                .setHeaders(forwardedHeaders(in, internalToken));

        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                unavailable(ctx, route, opened.cause());
                return;
            }
            HttpClientRequest out = opened.result();
            if ("chunked".equalsIgnoreCase(in.getHeader(HttpHeaders.TRANSFER_ENCODING))) {
                out.setChunked(true);
            }
            out.response().onComplete(answered -> {
                if (answered.failed()) {
                    unavailable(ctx, route, answered.cause());
                } else {
                    relay(answered.result(), ctx.response());
                }
            });
            // A body over the limit aborts the forwarded request (reset, never a clean end that would pass a
            // truncated body on as if whole) and answers 413 if no answer has started yet.
            new BodyLimit(in, limit).pipe().endOnFailure(false).to(out).onFailure(failure -> {
                if (failure instanceof BodyLimit.TooLarge tooLarge) {
                    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                    problems.send(ctx, Problem.payloadTooLarge(tooLarge.getMessage()));
                }
                out.reset();
            });
        });
    }

    private MultiMap forwardedHeaders(HttpServerRequest in, String internalToken) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        in.headers().forEach(h -> {
            if (!NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        if (internalToken != null) {
            headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + internalToken);
        }
        // Services build absolute links (Location) from these, so links point at the gateway, not at them.
        headers.set("X-Forwarded-Host", in.authority() != null ? in.authority().toString() : in.getHeader(HttpHeaders.HOST));
        headers.set("X-Forwarded-Proto", in.scheme());
        if (in.remoteAddress() != null) {
            headers.set("X-Forwarded-For", in.remoteAddress().hostAddress());
        }
        if (!headers.contains("X-Request-Id")) {
            headers.set("X-Request-Id", UUID.randomUUID().toString());
        }
        return headers;
    }

    private static void relay(HttpClientResponse answer, HttpServerResponse response) {
        response.setStatusCode(answer.statusCode());
        answer.headers().forEach(h -> {
            if (!NOT_RETURNED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                response.headers().add(h.getKey(), h.getValue());
            }
        });
        if (answer.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            response.setChunked(true);
        }
        answer.pipeTo(response);
    }

    private void unavailable(RoutingContext ctx, ServiceRoute route, Throwable cause) {
        if (ctx.response().ended()) {
            return; // already answered (a body over the limit)
        }
        LOG.warnf("The %s service did not answer %s %s: %s", route.service(), ctx.request().method(),
                ctx.normalizedPath(), cause.toString());
        problems.send(ctx, new Rejection(Problem.serviceUnavailable("The " + route.service()
                + " service is unavailable; try again shortly"), UNREACHABLE_RETRY_AFTER_SECONDS));
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}

package io.echotune.gateway.routing;

import io.echotune.commons.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Optional;

/**
 * Serves the web app: its screens ({@code /}, {@code /chat}, {@code /playlists}, ... each the same index.html, which
 * routes in the browser) and its hashed, pre-compressed assets under {@code /assets}, with a strict
 * Content-Security-Policy (scripts and styles from this origin only, no inline script, no framing).
 */
@ApplicationScoped
public class WebAppRoutes {

    /** The screens the app routes itself; sign-in lands on /chat (API.md). */
    static final String SCREENS = "^/(|chat|playlists|imports|insights|settings)(/[A-Za-z0-9-]{1,64})?$";
    private static final String ASSETS = "^/assets/[A-Za-z0-9._-]{1,128}$";
    /** After the canonical-path guard, before Quarkus' own static and REST routes. */
    private static final int ORDER = -150;

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            // album art from Spotify's image CDN; data: for the empty favicon
            "img-src 'self' data: https://i.scdn.co",
            "connect-src 'self'",
            "font-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private final WebAssets assets;
    private final ProblemResponses problems;

    public WebAppRoutes(WebAssets assets, ProblemResponses problems) {
        this.assets = assets;
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.routeWithRegex(SCREENS).order(ORDER).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::screen);
        router.routeWithRegex(ASSETS).order(ORDER).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::asset);
    }

    private void screen(RoutingContext ctx) {
        Optional<WebAssets.Asset> index = assets.find(WebAssets.INDEX);
        if (index.isEmpty()) {
            problems.send(ctx, Problem.serviceUnavailable("The web app is not built into this gateway; the API at /api/v1 works"));
            return;
        }
        // index.html names the current hashed assets: always revalidated, so a deployment is picked up at once.
        send(ctx, index.get(), "no-cache");
    }

    private void asset(RoutingContext ctx) {
        String path = ctx.request().path().substring(1);
        Optional<WebAssets.Asset> asset = path.endsWith(".br") || path.endsWith(".gz") ? Optional.empty() : assets.find(path);
        if (asset.isEmpty()) {
            problems.send(ctx, Problem.notFound("The file /" + path));
            return;
        }
        // Names carry a content hash: a changed file gets a new name, so the old one can be cached for good.
        send(ctx, asset.get(), "public, max-age=31536000, immutable");
    }

    private void send(RoutingContext ctx, WebAssets.Asset asset, String cacheControl) {
        WebAssets.Encoded encoded = asset.encodedFor(ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
        HttpServerResponse response = ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType())
                .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
                .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "same-origin")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin");
        if (encoded.contentEncoding() != null) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, encoded.contentEncoding());
        }
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(encoded.body().length())).end();
        } else {
            response.end(encoded.body());
        }
    }
}

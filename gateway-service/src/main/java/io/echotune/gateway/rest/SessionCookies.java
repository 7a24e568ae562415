package io.echotune.gateway.rest;

import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.service.CsrfToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

/**
 * The browser session cookie with its CSRF cookie, and the pre-auth cookie that binds a Spotify sign-in to the browser that started it:
 * both HttpOnly, SameSite=Lax (sent on Spotify's top-level redirect back, not on cross-site subrequests), Secure
 * behind TLS.
 */
@ApplicationScoped
public class SessionCookies {

    public static final String SIGN_IN_COOKIE = "echotune_signin";
    private static final String SIGN_IN_PATH = "/auth";

    private final GatewayConfig.Session config;
    private final java.time.Duration signInTimeout;

    public SessionCookies(GatewayConfig config) {
        this.config = config.session();
        this.signInTimeout = config.spotify().signInTimeout();
    }

    public String name() {
        return config.cookieName();
    }

    /**
     * The cookies of a new session: the HttpOnly session cookie, and the CSRF cookie the web app reads and echoes in
     * {@link CsrfToken#HEADER} on every write (see {@link CsrfToken}).
     */
    public NewCookie[] open(String sessionId) {
        int maxAge = (int) config.ttl().toSeconds();
        return new NewCookie[] {
            base(sessionId).maxAge(maxAge).build(),
            new NewCookie.Builder(CsrfToken.COOKIE).value(CsrfToken.of(sessionId)).path("/").httpOnly(false)
                    .secure(config.secureCookie()).sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build()
        };
    }

    public NewCookie[] expired() {
        return new NewCookie[] {
            base(config.cookieName(), "", "/").maxAge(0).build(),
            new NewCookie.Builder(CsrfToken.COOKIE).value("").path("/").secure(config.secureCookie()).maxAge(0).build()
        };
    }

    /** The pre-auth cookie of a started sign-in, sent back only to {@code /auth} and only until it times out. */
    public NewCookie signInBinding(String binding) {
        return base(SIGN_IN_COOKIE, binding, SIGN_IN_PATH).maxAge((int) signInTimeout.toSeconds()).build();
    }

    public NewCookie signInBindingExpired() {
        return base(SIGN_IN_COOKIE, "", SIGN_IN_PATH).maxAge(0).build();
    }

    private NewCookie.Builder base(String value) {
        return base(config.cookieName(), value, "/");
    }

    private NewCookie.Builder base(String name, String value, String path) {
        return new NewCookie.Builder(name).value(value).path(path).httpOnly(true)
                .secure(config.secureCookie()).sameSite(NewCookie.SameSite.LAX);
    }
}

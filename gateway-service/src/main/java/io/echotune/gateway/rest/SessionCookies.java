package io.echotune.gateway.rest;

import io.echotune.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

/** The browser session cookie: HttpOnly, SameSite=Lax, Secure behind TLS. */
@ApplicationScoped
public class SessionCookies {

    private final GatewayConfig.Session config;

    public SessionCookies(GatewayConfig config) {
        this.config = config.session();
    }

    public String name() {
        return config.cookieName();
    }

    public NewCookie open(String sessionId) {
        return base(sessionId).maxAge((int) config.ttl().toSeconds()).build();
    }

    public NewCookie expired() {
        return base("").maxAge(0).build();
    }

    private NewCookie.Builder base(String value) {
        return new NewCookie.Builder(config.cookieName()).value(value).path("/").httpOnly(true)
                .secure(config.secureCookie()).sameSite(NewCookie.SameSite.LAX);
    }
}

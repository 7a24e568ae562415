package io.echotune.playlist.rest;

import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller's internal token as received, forwarded as is to the recommender (which verifies it itself). */
@RequestScoped
public class CallerToken {

    private final JsonWebToken token;

    public CallerToken(JsonWebToken token) {
        this.token = token;
    }

    String bearer() {
        return token.getRawToken() == null ? null : "Bearer " + token.getRawToken();
    }
}

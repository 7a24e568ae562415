package io.echotune.gateway.client;

import io.echotune.commons.problem.ApiException;
import io.echotune.commons.problem.Problem;

/**
 * Spotify no longer accepts the user's connection: the refresh token was revoked ({@code invalid_grant}), or the
 * access token lacks a permission the call needs (403). Only signing in with Spotify again helps. A 409 problem where
 * it reaches a caller.
 */
public class SpotifyConnectionRevoked extends ApiException {

    public SpotifyConnectionRevoked(String detail) {
        super(Problem.conflict(detail));
    }
}

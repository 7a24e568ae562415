package io.echotune.gateway.service;


import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The CSRF token of a browser session: a one-way hash of the (HttpOnly, secret) session id. The gateway sets it in a
 * readable cookie beside the session cookie; the web app echoes it in {@link #HEADER} on every write, and a write
 * authenticated by the session cookie without the matching header is refused. Another site can neither read the
 * cookie nor compute the value, and a cookie planted by a sibling host does not match the victim's session.
 */
public final class CsrfToken {

    public static final String COOKIE = "echotune_csrf";
    public static final String HEADER = "X-CSRF-Token";

    private CsrfToken() {
    }

    public static String of(String sessionId) {
        return Secrets.sha256Hex("echotune-csrf:" + sessionId);
    }

    /** Whether the header a request carries is the token of the session it presents (compared in constant time). */
    public static boolean matches(String sessionId, String header) {
        return header != null && MessageDigest.isEqual(of(sessionId).getBytes(StandardCharsets.US_ASCII),
                header.strip().getBytes(StandardCharsets.US_ASCII));
    }
}

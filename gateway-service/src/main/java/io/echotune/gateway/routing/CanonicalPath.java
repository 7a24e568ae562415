package io.echotune.gateway.routing;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one reading of a request path that every gateway rule (routes, scopes, rate-limit keys) and every
 * service's dispatcher agree on. The gateway decides on the raw path; the frameworks behind it (Vert.x routing,
 * Quarkus REST, the services) each normalise their own way: they drop path parameters ({@code ;name=value}),
 * decode percent-escapes, collapse or resolve {@code //}, {@code .} and {@code ..}, and ignore a trailing slash.
 * A path on which those readings could differ is therefore refused outright, so that what is authorised is
 * exactly what is dispatched. No EchoTune path ever needs any of those forms: ids and share codes are plain
 * ASCII (UUIDs, base64url), and fixed path words are lower case.
 */
public final class CanonicalPath {

    /** First segments of the gateway's fixed routes; their case must be exact. */
    private static final Set<String> FIXED_FIRST_SEGMENTS = Set.of("api", "auth", "oauth", "shared", "chat", "q");
    /** How many leading segments of an {@code /api/...} path are fixed words (api, v1, and the area). */
    private static final int API_FIXED_SEGMENTS = 3;

    private CanonicalPath() {
    }

    /** Why {@code rawPath} is not canonical, or empty when it is (and may be used as it stands). */
    public static Optional<String> problemWith(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return Optional.of("The request path must start with '/'");
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == ';') {
                return Optional.of("Path parameters (';') are not accepted in request paths");
            }
            if (c == '%') {
                return Optional.of("Percent-encoded characters are not accepted in request paths");
            }
            if (c == '\\') {
                return Optional.of("Backslashes are not accepted in request paths");
            }
            if (c <= 0x20 || c >= 0x7f) {
                return Optional.of("Request paths may hold printable ASCII characters only");
            }
        }
        if (rawPath.length() == 1) {
            return Optional.empty();
        }
        if (rawPath.endsWith("/")) {
            return Optional.of("Request paths do not end with '/'");
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return Optional.of("Request paths may not contain empty segments ('//')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("Request paths may not contain '.' or '..' segments");
            }
        }
        String first = segments[0].toLowerCase(Locale.ROOT);
        if (FIXED_FIRST_SEGMENTS.contains(first)) {
            int fixed = first.equals("api") ? Math.min(API_FIXED_SEGMENTS, segments.length) : 1;
            for (int i = 0; i < fixed; i++) {
                if (!segments[i].equals(segments[i].toLowerCase(Locale.ROOT))) {
                    return Optional.of("Request paths are lower case ('" + segments[i] + "')");
                }
            }
        }
        return Optional.empty();
    }
}

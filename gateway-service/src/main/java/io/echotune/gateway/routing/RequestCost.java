package io.echotune.gateway.routing;

import io.vertx.core.http.HttpMethod;

import java.util.regex.Pattern;

/**
 * What one call costs against the caller's per-minute budget ({@code echotune.gateway.rate-limit}). A read of
 * stored data costs 1; calls that make the fleet compute cost in proportion to what they start: an LLM call or
 * chat message (a provider round trip, interpretation and ranking), a ranking, an import (parsing and storing up to
 * a gigabyte). The weights are rough ratios of measured CPU time (docs/benchmarks.md), not exact prices.
 */
public final class RequestCost {

    static final int PLAIN = 1;
    static final int RANKING = 5;
    static final int LANGUAGE = 10;
    static final int IMPORT = 20;

    private static final Pattern CHAT_MESSAGE = Pattern.compile("^/api/v1/chat/sessions/[^/]+/messages$");
    private static final Pattern PLAYLIST_WORK = Pattern.compile("^/api/v1/playlists(/[^/]+/(refine|spotify))?$");

    private RequestCost() {
    }

    /** The cost of {@code method} on {@code path} (a canonical path, see {@link CanonicalPath}). */
    public static int of(HttpMethod method, String path) {
        if (method != HttpMethod.POST) {
            return PLAIN;
        }
        if (path.startsWith("/api/v1/llm/") || CHAT_MESSAGE.matcher(path).matches()) {
            return LANGUAGE;
        }
        if (path.equals("/api/v1/recommendations") || PLAYLIST_WORK.matcher(path).matches()) {
            return RANKING;
        }
        if (path.equals("/api/v1/imports")) {
            return IMPORT;
        }
        return PLAIN;
    }
}

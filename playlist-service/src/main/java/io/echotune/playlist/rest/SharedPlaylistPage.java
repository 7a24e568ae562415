package io.echotune.playlist.rest;

import io.echotune.playlist.SharedPlaylist;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The public page of a shared playlist: plain HTML, every text HTML-escaped (a track named {@code <script>} shows
 * literally), no script at all, and a Content-Security-Policy that allows nothing but its one inline style (by hash).
 */
final class SharedPlaylistPage {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;"
            + "padding:0 1rem;color:#222}ol{padding-left:1.5rem}li{margin:.4rem 0}.by{color:#666}";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(STYLE) + "'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private SharedPlaylistPage() {
    }

    static String render(SharedPlaylist playlist) {
        StringBuilder html = new StringBuilder(2048 + playlist.tracks().size() * 256);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"referrer\" content=\"no-referrer\">")
                .append("<title>").append(escape(playlist.name())).append(" · EchoTune</title>")
                .append("<style>").append(STYLE).append("</style></head><body>")
                .append("<h1>").append(escape(playlist.name())).append("</h1>")
                .append("<p class=\"by\">").append(playlist.tracks().size()).append(" tracks · shared from EchoTune</p><ol>");
        for (SharedPlaylist.Track t : playlist.tracks()) {
            html.append("<li><a href=\"").append(escape(t.spotifyUrl())).append("\" rel=\"noopener noreferrer\">")
                    .append(escape(t.name() != null ? t.name() : t.trackId())).append("</a>");
            if (t.artists() != null && !t.artists().isEmpty()) {
                html.append(" <span class=\"by\">— ").append(escape(String.join(", ", t.artists()))).append("</span>");
            }
            html.append("</li>");
        }
        return html.append("</ol></body></html>\n").toString();
    }

    /** Escapes the five characters that matter in HTML text and double-quoted attributes. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

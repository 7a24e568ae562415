package io.echotune.gateway.routing;

import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The built web app (gateway-service/src/main/webapp, built by Maven into {@code webapp/} on the classpath), held in
 * memory: each file with the Brotli and gzip variants the build wrote beside it. {@code webapp/files.txt} lists them
 * (a jar's classpath cannot be listed). About 300 KB in all.
 */
@ApplicationScoped
public class WebAssets {

    private static final Logger LOG = Logger.getLogger(WebAssets.class);
    private static final String ROOT = "webapp/";
    static final String INDEX = "index.html";

    /** One file of the build, with its pre-compressed variants (absent for files not worth compressing). */
    public record Asset(String contentType, Buffer identity, Optional<Buffer> brotli, Optional<Buffer> gzip) {

        /** The variant the client accepts, best first: Brotli, then gzip, else the plain bytes. */
        public Encoded encodedFor(String acceptEncoding) {
            String accepted = acceptEncoding == null ? "" : acceptEncoding.toLowerCase(Locale.ROOT);
            if (brotli.isPresent() && accepts(accepted, "br")) {
                return new Encoded(brotli.get(), "br");
            }
            if (gzip.isPresent() && accepts(accepted, "gzip")) {
                return new Encoded(gzip.get(), "gzip");
            }
            return new Encoded(identity, null);
        }

        private static boolean accepts(String acceptEncoding, String coding) {
            for (String part : acceptEncoding.split(",")) {
                String[] pieces = part.trim().split(";");
                if (pieces[0].trim().equals(coding)) {
                    return pieces.length < 2 || !pieces[1].replace(" ", "").equals("q=0");
                }
            }
            return false;
        }
    }

    /** The bytes to send and their Content-Encoding (null: none). */
    public record Encoded(Buffer body, String contentEncoding) {
    }

    private final Map<String, Asset> assets;

    public WebAssets() {
        this.assets = load();
    }

    /** The file at a path relative to the app's root ({@code index.html}, {@code assets/index-1a2b.js}). */
    public Optional<Asset> find(String path) {
        return Optional.ofNullable(assets.get(path));
    }

    public boolean built() {
        return assets.containsKey(INDEX);
    }

    private static Map<String, Asset> load() {
        Optional<byte[]> list = read(ROOT + "files.txt");
        if (list.isEmpty()) {
            LOG.warn("The web app is not built into this gateway (no webapp/files.txt on the classpath): / and /chat answer 503");
            return Map.of();
        }
        Map<String, Asset> loaded = new HashMap<>();
        for (String path : new String(list.get(), StandardCharsets.UTF_8).lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            byte[] identity = read(ROOT + path).orElseThrow(() -> new IllegalStateException("webapp/files.txt lists " + path + ", which is missing"));
            loaded.put(path, new Asset(contentType(path), Buffer.buffer(identity),
                    read(ROOT + path + ".br").map(Buffer::buffer), read(ROOT + path + ".gz").map(Buffer::buffer)));
        }
        return Map.copyOf(loaded);
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "json", "application/json", "txt", "text/plain; charset=utf-8",
            "woff2", "font/woff2", "ico", "image/x-icon");

    static String contentType(String path) {
        String extension = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    /** For tests and logs: every file the build produced. */
    public List<String> paths() {
        return assets.keySet().stream().sorted().toList();
    }
}

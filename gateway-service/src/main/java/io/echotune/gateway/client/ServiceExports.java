package io.echotune.gateway.client;

import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Duration;

/**
 * The services' internal export endpoints ({@code GET /internal/v1/export/<file>}, account scope), read as a stream:
 * a part is passed on chunk by chunk as the service sends it, never buffered whole. The plain Vert.x client like the
 * proxy's, not a REST client: the body is bytes to stream, not a value to map. No retry and no breaker: a part that
 * fails before its first byte is reported as missing in the export's manifest; one that fails half-way cannot be taken
 * back and ends the download.
 */
@ApplicationScoped
public class ServiceExports {

    public static final String PATH = "/internal/v1/export/";

    private final HttpClient client;

    public ServiceExports(Vertx vertx) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(16)
                .setKeepAlive(true)
                .setConnectTimeout(2_000)
                .setDecompressionSupported(false));
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }

    /** A service answered something else than 200 for a part: nothing of it was streamed. */
    public static final class PartUnavailable extends RuntimeException {
        public PartUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** The part's bytes as the service streams them; fails before any byte unless the service answers 200. */
    public Multi<byte[]> part(URI service, String file, String internalToken, Duration idleTimeout) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(service.getHost())
                .setPort(service.getPort())
                .setURI(PATH + file)
                .setIdleTimeout(idleTimeout.toMillis())
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + internalToken);
        return client.request(options)
                .chain(HttpClientRequest::send)
                .onItem().transformToMulti(response -> response.statusCode() == 200
                        ? response.toMulti().map(buffer -> buffer.getBytes())
                        : response.body().onItem().transformToMulti(ignored -> Multi.createFrom().failure(
                                new PartUnavailable(file + ": the service answered " + response.statusCode()))));
    }
}

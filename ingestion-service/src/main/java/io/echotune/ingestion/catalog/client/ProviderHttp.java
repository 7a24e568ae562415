package io.echotune.ingestion.catalog.client;

import io.echotune.commons.http.RetryAfter;
import io.echotune.commons.music.catalog.AudioFeatures;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;

import java.net.ConnectException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** One HTTP call to a features provider, its failures turned into {@link FeaturesProviderException}s. */
final class ProviderHttp {

    private ProviderHttp() {
    }

    /** Sends the request and returns the JSON object of a 2xx answer. */
    static Uni<JsonObject> send(String provider, Uni<HttpResponse<Buffer>> call) {
        return call
                .onFailure().transform(e -> transportFailure(provider, e))
                .map(response -> {
                    int status = response.statusCode();
                    if (status == 429) {
                        throw new FeaturesProviderException(FeaturesProviderException.Failure.RATE_LIMITED,
                                retryAfter(response), provider + " is rate limiting (429)", null);
                    }
                    if (status >= 500) {
                        throw new FeaturesProviderException(FeaturesProviderException.Failure.SERVER_ERROR,
                                retryAfter(response), provider + " failed with " + status, null);
                    }
                    if (status >= 300) {
                        throw new FeaturesProviderException(FeaturesProviderException.Failure.REJECTED, null,
                                provider + " refused the request with " + status, null);
                    }
                    JsonObject json;
                    try {
                        json = response.bodyAsJsonObject();
                    } catch (DecodeException | ClassCastException e) {
                        throw malformed(provider, "the body is not a JSON object");
                    }
                    if (json == null) {
                        throw malformed(provider, "empty body");
                    }
                    return json;
                });
    }

    /** The audio features in a Spotify-shaped JSON object (ReccoBeats and Spotify share the field names). */
    static AudioFeatures features(JsonObject item) {
        Map<String, Number> values = new HashMap<>();
        for (String name : AudioFeatures.NAMES) {
            if (item.getValue(name) instanceof Number n) {
                values.put(name, n);
            }
        }
        return AudioFeatures.fromMap(values);
    }

    static FeaturesProviderException malformed(String provider, String what) {
        return new FeaturesProviderException(FeaturesProviderException.Failure.MALFORMED_RESPONSE, null,
                provider + " answered with a malformed response: " + what, null);
    }

    private static FeaturesProviderException transportFailure(String provider, Throwable e) {
        if (e instanceof FeaturesProviderException known) {
            return known;
        }
        if (e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
            return new FeaturesProviderException(FeaturesProviderException.Failure.TIMEOUT, null,
                    provider + " did not answer in time", e);
        }
        boolean connect = e instanceof ConnectException || e.getCause() instanceof ConnectException;
        return new FeaturesProviderException(FeaturesProviderException.Failure.CONNECTION, null,
                provider + (connect ? " refused the connection" : " connection failed: " + e.getMessage()), e);
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpResponse<Buffer> response) {
        return RetryAfter.parse(response.getHeader("Retry-After"));
    }
}

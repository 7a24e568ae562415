package io.echotune.ingestion.catalog.client;

import java.time.Duration;
import java.util.Optional;

/** A provider call that did not give an answer, and why; {@code retryAfter} when the provider said when to come back. */
public class FeaturesProviderException extends RuntimeException {

    public enum Failure {
        /** 429: the provider is paused until Retry-After; this is not a fault of the provider (no breaker count). */
        RATE_LIMITED,
        SERVER_ERROR,
        /** 4xx other than 429 (a 403 is an app without access to the endpoint). */
        REJECTED,
        TIMEOUT,
        CONNECTION,
        MALFORMED_RESPONSE
    }

    private final Failure failure;
    private final transient Duration retryAfter;

    public FeaturesProviderException(Failure failure, Duration retryAfter, String message, Throwable cause) {
        super(message, cause, false, false);
        this.failure = failure;
        this.retryAfter = retryAfter;
    }

    public Failure failure() {
        return failure;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

package io.echotune.llmrouter.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a call to a provider failed, sorted by what the router may do about it: retry the same provider (rate
 * limited, server error, connection failure), or go to the next one straight away (the rest).
 */
public class ProviderCallException extends RuntimeException {

    public enum Failure {
        /** The provider did not answer in time. */
        TIMEOUT(false),
        /** 429: too many requests; {@link #retryAfter()} says when to come back if the provider said so. */
        RATE_LIMITED(true),
        /** 5xx. */
        SERVER_ERROR(true),
        /** No connection could be made or it broke. */
        CONNECTION(true),
        /** 4xx other than 429: our request or our key is wrong; asking again changes nothing. */
        REJECTED(false),
        /** The provider answered 2xx with a body that is not its API's response shape. */
        MALFORMED_RESPONSE(false),
        /** The model's answer is not a valid reading, even after one repair. */
        INVALID_OUTPUT(false);

        private final boolean retryable;

        Failure(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final transient Failure failure;
    private final Integer status;
    private final Duration retryAfter;

    public ProviderCallException(Failure failure, Integer status, Duration retryAfter, String message, Throwable cause) {
        super(message, cause, false, false);
        this.failure = failure;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public ProviderCallException(Failure failure, String message) {
        this(failure, null, null, message, null);
    }

    public Failure failure() {
        return failure;
    }

    public Optional<Integer> status() {
        return Optional.ofNullable(status);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

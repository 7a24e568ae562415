package io.echotune.commons.problem;

import java.time.Duration;
import java.util.List;

/**
 * An expected failure that maps one-to-one onto a problem+json response. Services throw it
 * (or fail a Uni with it); the shared exception mapper turns it into the HTTP answer.
 */
public class ApiException extends RuntimeException {

    private final transient Problem problem;
    /** When to try again, sent as the Retry-After header (429 and 503); null for none. */
    private final transient Duration retryAfter;

    public ApiException(Problem problem) {
        this(problem, null);
    }

    public ApiException(Problem problem, Duration retryAfter) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public Problem problem() {
        return problem;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(Problem.badRequest(detail));
    }

    public static ApiException invalidField(String field, String message) {
        return new ApiException(Problem.validation(field + ": " + message, List.of(new Problem.FieldError(field, message))));
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(Problem.unauthorized(detail));
    }

    /** Also used for resources of other users: we never reveal that they exist. */
    public static ApiException notFound(String what) {
        return new ApiException(Problem.notFound(what));
    }

    public static ApiException conflict(String detail) {
        return new ApiException(Problem.conflict(detail));
    }

    public static ApiException payloadTooLarge(String detail) {
        return new ApiException(Problem.payloadTooLarge(detail));
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(Problem.unsupportedMediaType(detail));
    }

    public static ApiException tooManyRequests(String detail, Duration retryAfter) {
        return new ApiException(Problem.tooManyRequests(detail), retryAfter);
    }

    /** A dependency (a store, another service) is down for now: a prompt 503 that says when to try again. */
    public static ApiException serviceUnavailable(String detail, Duration retryAfter) {
        return new ApiException(Problem.serviceUnavailable(detail), retryAfter);
    }
}

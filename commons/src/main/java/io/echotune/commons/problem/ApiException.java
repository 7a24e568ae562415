package io.echotune.commons.problem;

import java.util.List;

/**
 * An expected failure that maps one-to-one onto a problem+json response. Services throw it
 * (or fail a Uni with it); the shared exception mapper turns it into the HTTP answer.
 */
public class ApiException extends RuntimeException {

    private final transient Problem problem;

    public ApiException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(Problem.of("bad-request", "Bad request", 400, detail));
    }

    public static ApiException invalidField(String field, String message) {
        return new ApiException(Problem.of("validation", "Invalid request", 400, field + ": " + message)
                .withErrors(List.of(new Problem.FieldError(field, message))));
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(Problem.of("unauthorized", "Unauthorized", 401, detail));
    }

    /** Also used for resources of other users: we never reveal that they exist. */
    public static ApiException notFound(String what) {
        return new ApiException(Problem.of("not-found", "Not found", 404, what + " was not found"));
    }

    public static ApiException conflict(String detail) {
        return new ApiException(Problem.of("conflict", "Conflict", 409, detail));
    }

    public static ApiException payloadTooLarge(String detail) {
        return new ApiException(Problem.of("payload-too-large", "Payload too large", 413, detail));
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(Problem.of("unsupported-media-type", "Unsupported media type", 415, detail));
    }

    public static ApiException tooManyRequests(String detail) {
        return new ApiException(Problem.of("rate-limited", "Too many requests", 429, detail));
    }

    public static ApiException serviceUnavailable(String detail) {
        return new ApiException(Problem.of("service-unavailable", "Service unavailable", 503, detail));
    }
}

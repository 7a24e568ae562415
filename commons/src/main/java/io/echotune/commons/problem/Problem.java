package io.echotune.commons.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * An RFC 9457 problem detail, the only shape in which errors leave an EchoTune service.
 * {@code type} is a stable URN per kind of problem so that clients can branch on it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:echotune:problem:";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, List.of());
    }

    // The kinds of problem EchoTune answers with, in one place: the slug, title and status of each never vary.

    public static Problem badRequest(String detail) {
        return of("bad-request", "Bad request", 400, detail);
    }

    /** Invalid fields of a request; {@code errors} name them as the client sent them. */
    public static Problem validation(String detail, List<FieldError> errors) {
        return of("validation", "Invalid request", 400, detail).withErrors(errors);
    }

    public static Problem malformedBody(String detail) {
        return of("malformed-body", "Malformed request body", 400, detail);
    }

    public static Problem unauthorized(String detail) {
        return of("unauthorized", "Unauthorized", 401, detail);
    }

    public static Problem forbidden(String detail) {
        return of("forbidden", "Forbidden", 403, detail);
    }

    /** Also used for resources of other users: we never reveal that they exist. */
    public static Problem notFound(String what) {
        return of("not-found", "Not found", 404, what + " was not found");
    }

    public static Problem conflict(String detail) {
        return of("conflict", "Conflict", 409, detail);
    }

    public static Problem payloadTooLarge(String detail) {
        return of("payload-too-large", "Payload too large", 413, detail);
    }

    public static Problem unsupportedMediaType(String detail) {
        return of("unsupported-media-type", "Unsupported media type", 415, detail);
    }

    public static Problem tooManyRequests(String detail) {
        return of("rate-limited", "Too many requests", 429, detail);
    }

    public static Problem internal(String reference) {
        return of("internal", "Internal error", 500, "Something went wrong on our side; reference " + reference);
    }

    public static Problem serviceUnavailable(String detail) {
        return of("service-unavailable", "Service unavailable", 503, detail);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, List.copyOf(fieldErrors));
    }

    /** One invalid field of a request, named as the client sent it. */
    @RegisterForReflection
    public record FieldError(String field, String message) {
    }
}

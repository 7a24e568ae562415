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

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, List.copyOf(fieldErrors));
    }

    /** One invalid field of a request, named as the client sent it. */
    @RegisterForReflection
    public record FieldError(String field, String message) {
    }
}

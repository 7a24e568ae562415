package io.echotune.commons.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one exception mapper of every service: whatever goes wrong leaves as problem+json, never as a
 * stack trace. Resources do not catch; they let exceptions travel here.
 */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        Response.ResponseBuilder response = Response.status(e.problem().status()).type(Problem.MEDIA_TYPE).entity(e.problem());
        if (e.retryAfter() != null) {
            // Whole seconds, at least one: "0" would invite an immediate retry storm.
            response.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return toResponse(Problem.validation(detail, errors));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? fieldPath(mapping) : "";
        String detail = "The request body is not valid JSON for this endpoint: " + e.getOriginalMessage()
                + (field.isEmpty() ? "" : " (at " + field + ")");
        return toResponse(Problem.malformedBody(detail));
    }

    /**
     * A body of the wrong shape or a field of the wrong type ({@code "count": "many"}) raises a
     * {@link MismatchedInputException}, for which Quarkus REST has its own built-in mapper, more specific than
     * {@link #unreadableJson}: a plain 400 whose body is empty in production. Mapped here to the same problem+json.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return toResponse(Problem.unauthorized("Valid credentials are required"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return toResponse(Problem.forbidden("This credential may not do that"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // Quarkus REST wraps Jackson's parse errors in a 400; the cause says what is wrong with the body.
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType != null ? statusType.getReasonPhrase() : "HTTP " + status;
        String slug = title.toLowerCase().replace(' ', '-');
        String detail = e.getMessage() != null ? e.getMessage() : title;
        return toResponse(Problem.of(slug, title, status, detail));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, reference %s", reference);
        return toResponse(Problem.internal(reference));
    }

    public static Response toResponse(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String fieldName(ConstraintViolation<?> violation) {
        // Paths look like "create.request.displayName": the method and parameter prefix means nothing to a client.
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : path;
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}

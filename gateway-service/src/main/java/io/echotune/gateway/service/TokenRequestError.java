package io.echotune.gateway.service;

/**
 * A refused token request, as RFC 6749 §5.2 names it: {@code error} is one of its codes and {@code status} the HTTP
 * status it goes with (400, or 401 for {@code invalid_client}). The token endpoint answers these as
 * {@code {"error", "error_description"}}, not as problem+json, because OAuth clients parse exactly that shape.
 */
public class TokenRequestError extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_SCOPE = "invalid_scope";
    public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";

    private final String error;
    private final int status;

    private TokenRequestError(String error, int status, String description) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
    }

    public static TokenRequestError invalidRequest(String description) {
        return new TokenRequestError(INVALID_REQUEST, 400, description);
    }

    public static TokenRequestError invalidClient(String description) {
        return new TokenRequestError(INVALID_CLIENT, 401, description);
    }

    public static TokenRequestError invalidScope(String description) {
        return new TokenRequestError(INVALID_SCOPE, 400, description);
    }

    public static TokenRequestError unsupportedGrantType(String description) {
        return new TokenRequestError(UNSUPPORTED_GRANT_TYPE, 400, description);
    }

    public String error() {
        return error;
    }

    public int status() {
        return status;
    }
}

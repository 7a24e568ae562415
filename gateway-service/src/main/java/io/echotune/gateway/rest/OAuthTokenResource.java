package io.echotune.gateway.rest;

import io.echotune.gateway.routing.AddressLimits;
import io.echotune.gateway.service.PartnerTokenService;
import io.echotune.gateway.service.TokenRequestError;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /oauth/token}: the OAuth 2.0 token endpoint for partner apps, client-credentials grant only
 * (RFC 6749 §4.4). Answers exactly as §5.1 and §5.2 say, {@code Cache-Control: no-store} on every answer. Address
 * limits (anonymous calls, failed client authentications) apply before it (routing.TokenEndpointLimiter); a failed
 * client authentication is counted here, before the 401 leaves, so that the client's next guess already meets it.
 */
@Path("/oauth/token")
public class OAuthTokenResource {

    static final String CHALLENGE = "Basic realm=\"echotune-partners\", charset=\"UTF-8\"";

    private final PartnerTokenService tokens;
    private final AddressLimits limits;

    public OAuthTokenResource(PartnerTokenService tokens, AddressLimits limits) {
        this.tokens = tokens;
        this.limits = limits;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> token(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                               @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body,
                               @Context HttpServerRequest caller) {
        PartnerTokenService.TokenRequest request;
        try {
            request = TokenRequestForm.read(contentType, authorization, body);
        } catch (TokenRequestError e) {
            return refused(e, caller);
        }
        return tokens.issue(request)
                .map(issued -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("access_token", issued.accessToken());
                    answer.put("token_type", "Bearer");
                    answer.put("expires_in", issued.expiresInSeconds());
                    answer.put("scope", issued.scope());
                    return noStore(Response.ok(answer, MediaType.APPLICATION_JSON_TYPE)).build();
                })
                .onFailure(TokenRequestError.class).recoverWithUni(e -> refused((TokenRequestError) e, caller));
    }

    /** The error answer; a failed client authentication (401) is counted against the address first. */
    private Uni<Response> refused(TokenRequestError e, HttpServerRequest caller) {
        if (e.status() != 401) {
            return Uni.createFrom().item(error(e));
        }
        return limits.recordFailure(caller).onFailure().recoverWithNull().replaceWith(() -> error(e));
    }

    static Response error(TokenRequestError e) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("error", e.error());
        answer.put("error_description", e.getMessage());
        Response.ResponseBuilder response = noStore(Response.status(e.status()).entity(answer).type(MediaType.APPLICATION_JSON_TYPE));
        if (e.status() == 401) {
            // RFC 6749 §5.2: a 401 names the authentication scheme the client should use
            response.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        }
        return response.build();
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
        return response.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
    }
}

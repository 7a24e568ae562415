package io.echotune.gateway.rest;

import io.echotune.commons.problem.ApiException;
import io.echotune.gateway.Caller;
import io.echotune.gateway.Erasure;
import io.echotune.gateway.routing.CurrentCaller;
import io.echotune.gateway.service.ErasureService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Erasing one's account (API.md "Identity"): {@code DELETE /api/v1/me} (scope {@code account}) and the erasure's
 * status, which anyone holding its id may read: the caller's credentials stop working with the 202 (see
 * ApiAuthenticationHandler, which lets the status through without credentials).
 */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class ErasureResource {

    static final String STATUS_PATH = "/api/v1/me/erasure/";

    private final ErasureService erasures;
    private final CurrentCaller caller;
    private final SessionCookies cookies;

    public ErasureResource(ErasureService erasures, CurrentCaller caller, SessionCookies cookies) {
        this.erasures = erasures;
        this.caller = caller;
        this.cookies = cookies;
    }

    /** An erasure as answered: its status and where to follow it. */
    public record ErasureView(UUID erasureId, String url, Erasure.Status status, Map<String, Erasure.ServiceStatus> services,
                              Instant requestedAt, Instant completedAt) {

        static ErasureView of(Erasure erasure) {
            return new ErasureView(erasure.erasureId(), STATUS_PATH + erasure.erasureId(), erasure.status(),
                    erasure.services(), erasure.requestedAt(), erasure.completedAt());
        }
    }

    @DELETE
    @Operation(summary = "Erase my account and everything EchoTune holds about me (scope account)")
    public Uni<Response> erase(@CookieParam("echotune_session") String session) {
        Caller who = caller.get();
        // the cookie's session only if it is what authenticated this call (a token caller's cookie is not theirs to end)
        return erasures.erase(who.userId(), who.via() == Caller.Via.SESSION ? session : null).map(erasure -> {
            ErasureView view = ErasureView.of(erasure);
            return Response.accepted(view).location(URI.create(view.url()))
                    .cookie(cookies.expired())   // a browser's session is over: drop its cookies too
                    .build();
        });
    }

    @GET
    @Path("/erasure/{erasureId}")
    @Operation(summary = "Follow an erasure; needs only its id")
    public Uni<Response> status(@PathParam("erasureId") UUID erasureId) {
        return erasures.status(erasureId).map(found -> Response.ok(ErasureView.of(found
                        .orElseThrow(() -> ApiException.notFound("Erasure " + erasureId))))
                .header("Cache-Control", "no-store")
                .build());
    }
}

package io.echotune.playlist.rest;

import io.echotune.playlist.SharedPlaylist;
import io.echotune.playlist.service.ShareService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;

/**
 * The public, read-only view of a shared playlist: anyone with the code, no credentials (the gateway forwards these
 * two paths without a caller and meters them per address).
 */
@Path("/")
@PermitAll
@SecurityRequirementsSet // no credentials: the OpenAPI document says so (security: [])
public class SharedPlaylistResource {

    private final ShareService shares;

    public SharedPlaylistResource(ShareService shares) {
        this.shares = shares;
    }

    @GET
    @Path("/api/v1/shared/{code}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A shared playlist as JSON (public)")
    public Uni<SharedPlaylist> json(@PathParam("code") String code) {
        return shares.read(code);
    }

    @GET
    @Path("/shared/{code}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "A shared playlist's public page")
    public Uni<Response> page(@PathParam("code") String code) {
        return shares.read(code).map(p -> Response.ok(SharedPlaylistPage.render(p), "text/html; charset=utf-8")
                .header("Content-Security-Policy", SharedPlaylistPage.CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .build());
    }
}

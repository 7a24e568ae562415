package io.echotune.playlist.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.playlist.export.ExportFormat;
import io.echotune.playlist.service.ExportService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.UUID;

@Path("/api/v1/playlists/{playlistId}/export")
public class ExportResource {

    private final ExportService exports;
    private final CallerIdentity caller;

    public ExportResource(ExportService exports, CallerIdentity caller) {
        this.exports = exports;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Download a playlist version as json, csv, m3u8 or xspf")
    public Uni<Response> export(@PathParam("playlistId") UUID playlistId, @QueryParam("format") String format,
                                @QueryParam("version") Integer version) {
        return exports.export(caller.userId(), playlistId, ExportFormat.of(format), version)
                .map(file -> Response.ok(file.body(), file.mediaType())
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.filename() + "\"")
                        .build());
    }
}

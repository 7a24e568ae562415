package io.echotune.gateway.rest;

import io.echotune.gateway.routing.CurrentCaller;
import io.echotune.gateway.service.ExportService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestMulti;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/me/export} (scope {@code account}): everything EchoTune holds about the caller, as a ZIP. */
@Path("/api/v1/me/export")
public class UserDataExportResource {

    static final String ZIP = "application/zip";

    private final ExportService export;
    private final CurrentCaller caller;

    public UserDataExportResource(ExportService export, CurrentCaller caller) {
        this.export = export;
        this.caller = caller;
    }

    @GET
    @Produces(ZIP)
    @Operation(summary = "Download all my data as a ZIP (scope account)")
    public RestMulti<byte[]> export() {
        String file = "echotune-export-" + LocalDate.now(ZoneOffset.UTC) + ".zip";
        return RestMulti.fromUniResponse(export.export(caller.get()), archive -> archive,
                archive -> Map.of("Content-Disposition", List.of("attachment; filename=\"" + file + "\""),
                        "Cache-Control", List.of("no-store")));
    }
}

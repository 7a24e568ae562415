package io.echotune.ingestion.shared.userdata;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.ingestion.history.service.HistoryExport;
import io.echotune.ingestion.imports.ImportJob;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/**
 * The ingestion part of a user's data export, for the gateway's {@code GET /api/v1/me/export} only: not routed
 * publicly, and needs the {@code account} scope in the internal token. The history files are streamed as JSON
 * arrays, one play at a time, in Spotify's extended format (HistoryExport), so they can be imported again.
 */
@Path("/internal/v1/export")
@RolesAllowed("account")
@Produces(MediaType.APPLICATION_JSON)
public class UserDataExportResource {

    private final HistoryExport export;
    private final CallerIdentity caller;

    public UserDataExportResource(HistoryExport export, CallerIdentity caller) {
        this.export = export;
        this.caller = caller;
    }

    @GET
    @Path("/imports.json")
    public Uni<List<ImportJob>> imports() {
        return export.imports(caller.userId());
    }

    @GET
    @Path("/Streaming_History_Audio_0.json")
    public Multi<Map<String, Object>> audio() {
        return export.plays(caller.userId(), false);
    }

    @GET
    @Path("/Streaming_History_Video_0.json")
    public Multi<Map<String, Object>> video() {
        return export.plays(caller.userId(), true);
    }
}

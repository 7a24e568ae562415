package io.echotune.ingestion.imports.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.ingestion.imports.ImportJob;
import io.echotune.ingestion.imports.service.ImportService;
import io.echotune.ingestion.imports.service.Upload;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    private final ImportService imports;
    private final CallerIdentity caller;

    public ImportResource(ImportService imports, CallerIdentity caller) {
        this.imports = imports;
        this.caller = caller;
    }

    /** One or more parts named {@code file}; Quarkus REST has written each to a temporary file already. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> upload(@RestForm("file") List<FileUpload> files, @Context UriInfo uri) {
        List<Upload> uploads = new ArrayList<>();
        if (files != null) {
            for (int i = 0; i < files.size(); i++) {
                FileUpload f = files.get(i);
                String name = f.fileName() == null || f.fileName().isBlank() ? "file-" + (i + 1) : f.fileName();
                uploads.add(new Upload(name, f.uploadedFile(), f.size()));
            }
        }
        return imports.accept(caller.userId(), uploads)
                .map(accepted -> Response.accepted(accepted)
                        .location(uri.getAbsolutePathBuilder().path(accepted.importId().toString()).build())
                        .build());
    }

    @GET
    public Uni<List<ImportJob>> list() {
        return imports.list(caller.userId());
    }

    @GET
    @Path("/{importId}")
    public Uni<ImportJob> get(@PathParam("importId") UUID importId) {
        return imports.get(caller.userId(), importId);
    }

    /** Server-sent events: the import's state each time it changes; the stream completes when the import ends. */
    @GET
    @Path("/{importId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking   // the import is looked up before the stream starts, so another user's import is a plain 404
    public Multi<ImportJob> events(@PathParam("importId") UUID importId) {
        return imports.progress(caller.userId(), importId);
    }
}

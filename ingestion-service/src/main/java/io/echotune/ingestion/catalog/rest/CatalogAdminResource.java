package io.echotune.ingestion.catalog.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.commons.problem.ApiException;
import io.echotune.ingestion.catalog.CatalogLoad;
import io.echotune.ingestion.catalog.service.CatalogService;
import io.echotune.ingestion.imports.service.Upload;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The track catalog, for operators only: the internal token must carry the {@code admin} scope, which the gateway
 * grants only to the operator credential (ECHOTUNE_ADMIN_TOKEN). Checked here too, not only at the gateway; any
 * other caller is a 403.
 */
@Path("/api/v1/admin/catalog")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(CatalogAdminResource.ADMIN_SCOPE)
public class CatalogAdminResource {

    public static final String ADMIN_SCOPE = "admin";

    private final CatalogService catalog;
    private final CallerIdentity caller;

    public CatalogAdminResource(CatalogService catalog, CallerIdentity caller) {
        this.catalog = catalog;
        this.caller = caller;
    }

    /** The catalog version document, the configured directory and the running load. */
    @GET
    public Uni<CatalogLoad.Catalog> catalog() {
        return catalog.catalog();
    }

    /**
     * No body: loads the server's catalog directory (ECHOTUNE_CATALOG). Multipart: loads the CSV files of the parts
     * named {@code file} (Quarkus REST has written each to a temporary file). One method for both, chosen by the
     * Content-Type and the body's length: JAX-RS matching cannot tell "no body" from "multipart" reliably, and
     * common clients label an empty POST as a form (curl -d '', rest-assured), so an empty body of any type counts
     * as "no body".
     */
    @POST
    @Path("/loads")
    public Uni<Response> load(@RestForm("file") List<FileUpload> files,
                              @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                              @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
                              @HeaderParam("Transfer-Encoding") String transferEncoding, @Context UriInfo uri) {
        String type = contentType == null ? "" : contentType.strip().toLowerCase(Locale.ROOT);
        boolean multipart = type.startsWith(MediaType.MULTIPART_FORM_DATA);
        boolean noBody = transferEncoding == null && (contentLength == null || contentLength == 0);
        if (!multipart && (type.isEmpty() || noBody)) {
            return catalog.loadDirectory(caller.userId()).map(accepted -> accepted(uri, accepted));
        }
        if (!multipart) {
            throw ApiException.unsupportedMediaType("Send no body to load the server's catalog directory, or"
                    + " multipart/form-data with the catalog CSV files as parts named 'file' (not " + contentType + ")");
        }
        List<Upload> uploads = new ArrayList<>();
        if (files != null) {
            for (int i = 0; i < files.size(); i++) {
                FileUpload f = files.get(i);
                String name = f.fileName() == null || f.fileName().isBlank() ? "file-" + (i + 1) : f.fileName();
                uploads.add(new Upload(name, f.uploadedFile(), f.size()));
            }
        }
        return catalog.loadUploads(caller.userId(), uploads).map(accepted -> accepted(uri, accepted));
    }

    @GET
    @Path("/loads/{loadId}")
    @Operation(operationId = "getLoad") // the POST above is load(...) too; operation ids must be unique
    public Uni<CatalogLoad> load(@PathParam("loadId") UUID loadId) {
        return catalog.load(loadId);
    }

    private static Response accepted(UriInfo uri, CatalogLoad.Accepted accepted) {
        return Response.accepted(accepted)
                .location(uri.getAbsolutePathBuilder().path(accepted.loadId().toString()).build())
                .build();
    }
}

package io.echotune.ingestion.history.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.ingestion.history.HistoryPage;
import io.echotune.ingestion.history.service.HistoryService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/v1/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    private final HistoryService history;
    private final CallerIdentity caller;

    public HistoryResource(HistoryService history, CallerIdentity caller) {
        this.history = history;
        this.caller = caller;
    }

    /** Parameters arrive as text so that a bad one is answered with a problem naming it. */
    @GET
    public Uni<HistoryPage> page(@RestQuery String from, @RestQuery String to, @RestQuery String limit,
                                 @RestQuery String cursor) {
        return history.page(caller.userId(), from, to, limit, cursor);
    }
}

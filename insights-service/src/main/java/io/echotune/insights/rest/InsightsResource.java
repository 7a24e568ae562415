package io.echotune.insights.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.insights.ListeningSummary;
import io.echotune.insights.service.InsightsService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

@Path("/api/v1/insights")
@Produces(MediaType.APPLICATION_JSON)
public class InsightsResource {

    private final InsightsService insights;
    private final CallerIdentity caller;

    public InsightsResource(InsightsService insights, CallerIdentity caller) {
        this.insights = insights;
        this.caller = caller;
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Headline figures of the caller's music listening",
            description = "Records, streams (plays of 30 s or more), time played, distinct tracks and artists, skip rate"
                    + " and the first and last play in the window. Podcasts and audiobooks are left out.")
    public Uni<ListeningSummary> summary(
            @Parameter(description = "ISO date (start of that day in tz) or date-time; inclusive")
            @QueryParam("from") String from,
            @Parameter(description = "ISO date (start of that day in tz) or date-time; exclusive")
            @QueryParam("to") String to,
            @Parameter(description = "IANA time zone, default UTC")
            @QueryParam("tz") String tz) {
        return insights.summary(caller.userId(), from, to, tz);
    }
}

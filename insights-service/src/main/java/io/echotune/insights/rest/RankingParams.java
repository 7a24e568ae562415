package io.echotune.insights.rest;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** How a top list is ranked and how long it is. */
public class RankingParams {

    @QueryParam("by")
    @Parameter(description = "msPlayed (default) or streams; ties break by name")
    public String by;

    @QueryParam("limit")
    @Parameter(description = "1..100, default 10")
    public String limit;
}

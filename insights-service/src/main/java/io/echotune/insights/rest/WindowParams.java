package io.echotune.insights.rest;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The time window every insights endpoint takes. Values stay strings so that the service can answer a bad one
 * with a 400 naming it.
 */
public class WindowParams {

    @QueryParam("from")
    @Parameter(description = "ISO date (start of that day in tz) or date-time; inclusive")
    public String from;

    @QueryParam("to")
    @Parameter(description = "ISO date (start of that day in tz) or date-time; exclusive")
    public String to;

    @QueryParam("tz")
    @Parameter(description = "IANA time zone, default UTC")
    public String tz;
}

package io.echotune.insights.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.insights.ArtistRank;
import io.echotune.insights.DiscoveryMonth;
import io.echotune.insights.ForgottenFavorite;
import io.echotune.insights.GenreRank;
import io.echotune.insights.Heatmap;
import io.echotune.insights.ListeningSummary;
import io.echotune.insights.MoodDistribution;
import io.echotune.insights.SessionList;
import io.echotune.insights.TrackRank;
import io.echotune.insights.YearInReview;
import io.echotune.insights.service.InsightsService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.List;

/**
 * The caller's listening insights. Every endpoint takes {@code from} (inclusive), {@code to} (exclusive) and
 * {@code tz}; parameters stay strings here so the service can answer bad values with a 400 naming them.
 */
@Path("/api/v1/insights")
@Produces(MediaType.APPLICATION_JSON)
public class InsightsResource {

    private static final String FROM = "ISO date (start of that day in tz) or date-time; inclusive";
    private static final String TO = "ISO date (start of that day in tz) or date-time; exclusive";
    private static final String TZ = "IANA time zone, default UTC";
    private static final String LIMIT = "1..100";
    private static final String BY = "msPlayed (default) or streams; ties break by name";

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
    public Uni<ListeningSummary> summary(@Parameter(description = FROM) @QueryParam("from") String from,
                                         @Parameter(description = TO) @QueryParam("to") String to,
                                         @Parameter(description = TZ) @QueryParam("tz") String tz) {
        return insights.summary(caller.userId(), from, to, tz);
    }

    @GET
    @Path("/top-artists")
    @Operation(summary = "Most played artists")
    public Uni<List<ArtistRank>> topArtists(@Parameter(description = FROM) @QueryParam("from") String from,
                                            @Parameter(description = TO) @QueryParam("to") String to,
                                            @Parameter(description = TZ) @QueryParam("tz") String tz,
                                            @Parameter(description = BY) @QueryParam("by") String by,
                                            @Parameter(description = LIMIT + ", default 10") @QueryParam("limit") String limit) {
        return insights.topArtists(caller.userId(), from, to, tz, by, limit);
    }

    @GET
    @Path("/top-tracks")
    @Operation(summary = "Most played tracks")
    public Uni<List<TrackRank>> topTracks(@Parameter(description = FROM) @QueryParam("from") String from,
                                          @Parameter(description = TO) @QueryParam("to") String to,
                                          @Parameter(description = TZ) @QueryParam("tz") String tz,
                                          @Parameter(description = BY) @QueryParam("by") String by,
                                          @Parameter(description = LIMIT + ", default 10") @QueryParam("limit") String limit) {
        return insights.topTracks(caller.userId(), from, to, tz, by, limit);
    }

    @GET
    @Path("/top-genres")
    @Operation(summary = "Most played genres",
            description = "Genres come from the track catalog; plays of tracks it has no genre for count as 'unknown'.")
    public Uni<List<GenreRank>> topGenres(@Parameter(description = FROM) @QueryParam("from") String from,
                                          @Parameter(description = TO) @QueryParam("to") String to,
                                          @Parameter(description = TZ) @QueryParam("tz") String tz,
                                          @Parameter(description = BY) @QueryParam("by") String by,
                                          @Parameter(description = LIMIT + ", default 10") @QueryParam("limit") String limit) {
        return insights.topGenres(caller.userId(), from, to, tz, by, limit);
    }

    @GET
    @Path("/heatmap")
    @Operation(summary = "Plays per ISO weekday and hour of their end time in tz (all 168 cells)")
    public Uni<Heatmap> heatmap(@Parameter(description = FROM) @QueryParam("from") String from,
                                @Parameter(description = TO) @QueryParam("to") String to,
                                @Parameter(description = TZ) @QueryParam("tz") String tz) {
        return insights.heatmap(caller.userId(), from, to, tz);
    }

    @GET
    @Path("/discovery")
    @Operation(summary = "Artists and tracks first heard per month (in tz), oldest month first")
    public Uni<List<DiscoveryMonth>> discovery(@Parameter(description = FROM) @QueryParam("from") String from,
                                               @Parameter(description = TO) @QueryParam("to") String to,
                                               @Parameter(description = TZ) @QueryParam("tz") String tz) {
        return insights.discovery(caller.userId(), from, to, tz);
    }

    @GET
    @Path("/mood")
    @Operation(summary = "Valence x energy distribution of the plays, with catalog coverage")
    public Uni<MoodDistribution> mood(@Parameter(description = FROM) @QueryParam("from") String from,
                                      @Parameter(description = TO) @QueryParam("to") String to,
                                      @Parameter(description = TZ) @QueryParam("tz") String tz) {
        return insights.mood(caller.userId(), from, to, tz);
    }

    @GET
    @Path("/sessions")
    @Operation(summary = "Listening sessions, newest first (a gap of 30 min or more starts a new one)")
    public Uni<SessionList> sessions(@Parameter(description = FROM) @QueryParam("from") String from,
                                     @Parameter(description = TO) @QueryParam("to") String to,
                                     @Parameter(description = TZ) @QueryParam("tz") String tz,
                                     @Parameter(description = LIMIT + ", default 20") @QueryParam("limit") String limit) {
        return insights.sessions(caller.userId(), from, to, tz, limit);
    }

    @GET
    @Path("/forgotten-favorites")
    @Operation(summary = "Tracks once loved (5+ streams) and not played for 6 months before the latest play")
    public Uni<List<ForgottenFavorite>> forgottenFavorites(@Parameter(description = FROM) @QueryParam("from") String from,
                                                           @Parameter(description = TO) @QueryParam("to") String to,
                                                           @Parameter(description = TZ) @QueryParam("tz") String tz,
                                                           @Parameter(description = LIMIT + ", default 10") @QueryParam("limit") String limit) {
        return insights.forgottenFavorites(caller.userId(), from, to, tz, limit);
    }

    @GET
    @Path("/year/{year}")
    @Operation(summary = "A calendar year (in tz) in review")
    public Uni<YearInReview> year(@PathParam("year") String year,
                                  @Parameter(description = FROM) @QueryParam("from") String from,
                                  @Parameter(description = TO) @QueryParam("to") String to,
                                  @Parameter(description = TZ) @QueryParam("tz") String tz) {
        return insights.year(caller.userId(), year, from, to, tz);
    }
}

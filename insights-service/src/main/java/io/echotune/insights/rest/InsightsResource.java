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
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The caller's listening insights. Every endpoint takes {@code from} (inclusive), {@code to} (exclusive) and
 * {@code tz}; parameters stay strings here so the service can answer bad values with a 400 naming them.
 * <p>
 * Answers are the JSON bytes the service computed or found cached, sent as they are; each {@link APIResponse} names
 * the record that JSON is.
 */
@Path("/api/v1/insights")
@Produces(MediaType.APPLICATION_JSON)
public class InsightsResource {

    private static final String LIMIT = "1..100";

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
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ListeningSummary.class)))
    public Uni<byte[]> summary(@BeanParam WindowParams window) {
        return insights.summary(caller.userId(), window.from, window.to, window.tz);
    }

    @GET
    @Path("/top-artists")
    @Operation(summary = "Most played artists")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ArtistRank.class)))
    public Uni<byte[]> topArtists(@BeanParam WindowParams window, @BeanParam RankingParams ranking) {
        return insights.topArtists(caller.userId(), window.from, window.to, window.tz, ranking.by, ranking.limit);
    }

    @GET
    @Path("/top-tracks")
    @Operation(summary = "Most played tracks")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = TrackRank.class)))
    public Uni<byte[]> topTracks(@BeanParam WindowParams window, @BeanParam RankingParams ranking) {
        return insights.topTracks(caller.userId(), window.from, window.to, window.tz, ranking.by, ranking.limit);
    }

    @GET
    @Path("/top-genres")
    @Operation(summary = "Most played genres",
            description = "Genres come from the track catalog; plays of tracks it has no genre for count as 'unknown'.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = GenreRank.class)))
    public Uni<byte[]> topGenres(@BeanParam WindowParams window, @BeanParam RankingParams ranking) {
        return insights.topGenres(caller.userId(), window.from, window.to, window.tz, ranking.by, ranking.limit);
    }

    @GET
    @Path("/heatmap")
    @Operation(summary = "Plays per ISO weekday and hour of their end time in tz (all 168 cells)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Heatmap.class)))
    public Uni<byte[]> heatmap(@BeanParam WindowParams window) {
        return insights.heatmap(caller.userId(), window.from, window.to, window.tz);
    }

    @GET
    @Path("/discovery")
    @Operation(summary = "Artists and tracks first heard per month (in tz), oldest month first")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = DiscoveryMonth.class)))
    public Uni<byte[]> discovery(@BeanParam WindowParams window) {
        return insights.discovery(caller.userId(), window.from, window.to, window.tz);
    }

    @GET
    @Path("/mood")
    @Operation(summary = "Valence x energy distribution of the plays, with catalog coverage")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MoodDistribution.class)))
    public Uni<byte[]> mood(@BeanParam WindowParams window) {
        return insights.mood(caller.userId(), window.from, window.to, window.tz);
    }

    @GET
    @Path("/sessions")
    @Operation(summary = "Listening sessions, newest first (a gap of 30 min or more starts a new one)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SessionList.class)))
    public Uni<byte[]> sessions(@BeanParam WindowParams window,
                                @Parameter(description = LIMIT + ", default 20") @QueryParam("limit") String limit) {
        return insights.sessions(caller.userId(), window.from, window.to, window.tz, limit);
    }

    @GET
    @Path("/forgotten-favorites")
    @Operation(summary = "Tracks once loved (5+ streams) and not played for 6 months before the latest play")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ForgottenFavorite.class)))
    public Uni<byte[]> forgottenFavorites(@BeanParam WindowParams window,
                                          @Parameter(description = LIMIT + ", default 10") @QueryParam("limit") String limit) {
        return insights.forgottenFavorites(caller.userId(), window.from, window.to, window.tz, limit);
    }

    @GET
    @Path("/year/{year}")
    @Operation(summary = "A calendar year (in tz) in review")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = YearInReview.class)))
    public Uni<byte[]> year(@PathParam("year") String year,
                                  @BeanParam WindowParams window) {
        return insights.year(caller.userId(), year, window.from, window.to, window.tz);
    }
}

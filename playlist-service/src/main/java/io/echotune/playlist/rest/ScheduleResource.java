package io.echotune.playlist.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.playlist.Schedule;
import io.echotune.playlist.service.ScheduleService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

@Path("/api/v1/playlists/{playlistId}/schedule")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    private final ScheduleService schedules;
    private final CallerIdentity caller;
    private final CallerToken token;

    public ScheduleResource(ScheduleService schedules, CallerIdentity caller, CallerToken token) {
        this.schedules = schedules;
        this.caller = caller;
        this.token = token;
    }

    /** {@code every}: daily or weekly. */
    public record ScheduleRequest(String every) {
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Schedule> schedule(@PathParam("playlistId") UUID playlistId, ScheduleRequest request) {
        return schedules.schedule(caller.userId(), token.bearer(), playlistId, request == null ? null : request.every());
    }

    @DELETE
    public Uni<Void> stop(@PathParam("playlistId") UUID playlistId) {
        return schedules.stop(caller.userId(), playlistId);
    }
}

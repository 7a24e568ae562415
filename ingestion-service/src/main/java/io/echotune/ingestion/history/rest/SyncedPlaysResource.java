package io.echotune.ingestion.history.rest;

import io.echotune.commons.identity.CallerIdentity;
import io.echotune.ingestion.history.SyncedPlay;
import io.echotune.ingestion.history.service.SyncedPlaysService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * The gateway's Spotify sync hands the plays it read to the user's history here, with the user's internal token
 * (write scope). Not routed publicly (the gateway proxies only {@code /api/v1}).
 */
@Path("/internal/v1/history/spotify-recent")
@RolesAllowed("write")
@Produces(MediaType.APPLICATION_JSON)
public class SyncedPlaysResource {

    /** One play in the export's terms: endTime (ISO-8601 UTC, when the play ended) and msPlayed. */
    public record PlayJson(String endTime, Long msPlayed, String trackUri, String trackName, String artistName,
                           String albumName) {
    }

    public record SyncRequest(List<PlayJson> plays) {
    }

    private final SyncedPlaysService plays;
    private final CallerIdentity caller;

    public SyncedPlaysResource(SyncedPlaysService plays, CallerIdentity caller) {
        this.plays = plays;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SyncedPlaysService.SyncOutcome> store(SyncRequest request) {
        List<SyncedPlay> domain = request == null || request.plays() == null ? null : request.plays().stream()
                .map(p -> p == null ? null : new SyncedPlay(p.endTime(), p.msPlayed(), p.trackUri(), p.trackName(),
                        p.artistName(), p.albumName()))
                .toList();
        return plays.store(caller.userId(), domain);
    }
}

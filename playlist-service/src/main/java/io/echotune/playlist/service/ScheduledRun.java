package io.echotune.playlist.service;

import io.echotune.playlist.client.DelegationClient.Exchange;
import io.echotune.playlist.repository.ScheduleClaims.Claim;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * One claimed refresh, run for the owner without their request: the owner's delegation is exchanged at the gateway
 * for a short-lived internal token, the playlist is regenerated from its prompt with that token (the recommender ranks
 * with the latest taste), and a playlist linked to Spotify is saved there again. A schedule without a delegation
 * (set before delegations existed) or a playlist without a prompt only refreshes its tracks' catalog facts. Every
 * outcome is logged by playlist id; no token, delegation or user id is.
 */
@ApplicationScoped
public class ScheduledRun {

    private static final Logger LOG = Logger.getLogger(ScheduledRun.class);

    private final ScheduleDelegations delegations;
    private final VersionService versions;
    private final SpotifySaveService spotify;

    public ScheduledRun(ScheduleDelegations delegations, VersionService versions, SpotifySaveService spotify) {
        this.delegations = delegations;
        this.versions = versions;
        this.spotify = spotify;
    }

    /** Completes when the run is done; fails only when one of its calls failed (the caller logs it and goes on). */
    public Uni<Void> run(Claim claim) {
        if (!claim.hasPrompt()) {
            return catalogFacts(claim, "it has no prompt to regenerate from");
        }
        if (claim.delegation() == null) {
            return catalogFacts(claim, "its schedule was set before delegations existed; setting the schedule again "
                    + "(PUT .../schedule) lets its runs regenerate it");
        }
        if (!delegations.canExchange()) {
            return catalogFacts(claim, "echotune.playlist.service-key (ECHOTUNE_PLAYLIST_SERVICE_KEY) is not set");
        }
        return delegations.exchange(claim.delegation()).chain(exchange -> switch (exchange) {
            case Exchange.Refused refused -> {
                LOG.warnf("Scheduled refresh of playlist %s skipped: the gateway refused its delegation (%d: %s); "
                        + "it runs again next period", claim.playlistId(), refused.status(),
                        refused.status() == 404 ? "the owner no longer exists" : "expired or no longer valid; the owner can set the schedule again");
                yield Uni.createFrom().voidItem();
            }
            case Exchange.Granted granted -> regenerate(claim, "Bearer " + granted.token());
        });
    }

    private Uni<Void> regenerate(Claim claim, String bearer) {
        return versions.regenerate(claim.userId(), bearer, claim.playlistId()).chain(made -> {
            if (made.isEmpty()) {
                LOG.infof("Scheduled refresh of playlist %s: the prompt's answer is unchanged; no new version", claim.playlistId());
                return Uni.createFrom().voidItem();
            }
            var playlist = made.get();
            LOG.infof("Scheduled refresh of playlist %s: version %d from the prompt (%d added, %d removed)",
                    claim.playlistId(), playlist.version(), playlist.added().size(), playlist.removed().size());
            if (playlist.spotifyPlaylistId() == null) {
                return Uni.createFrom().voidItem();
            }
            return spotify.save(claim.userId(), bearer, claim.playlistId())
                    .invoke(saved -> LOG.infof("Scheduled refresh of playlist %s: version %d saved to Spotify",
                            claim.playlistId(), saved.version()))
                    .replaceWithVoid()
                    .onFailure().recoverWithUni(failure -> {
                        // the new version stays; the next run (or the owner's own save) brings Spotify up to date
                        LOG.warnf("Scheduled refresh of playlist %s: version %d was stored but saving it to Spotify failed: %s",
                                claim.playlistId(), playlist.version(), failure.getMessage());
                        return Uni.createFrom().voidItem();
                    });
        });
    }

    private Uni<Void> catalogFacts(Claim claim, String why) {
        LOG.infof("Scheduled refresh of playlist %s refreshes catalog facts only: %s", claim.playlistId(), why);
        return versions.refreshFromCatalog(claim.userId(), claim.playlistId()).replaceWithVoid();
    }
}

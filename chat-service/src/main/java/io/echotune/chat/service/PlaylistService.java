package io.echotune.chat.service;

import io.echotune.chat.SavedPlaylist;
import io.echotune.chat.client.PlaylistClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

import java.util.List;

/** Saving playlists through the playlist service, cut at its own timeout. */
@ApplicationScoped
public class PlaylistService {

    private static final Logger LOG = Logger.getLogger(PlaylistService.class);

    private final PlaylistClient playlists;

    public PlaylistService(PlaylistClient playlists) {
        this.playlists = playlists;
    }

    @Timeout(3_000)
    @Fallback(fallbackMethod = "createUnavailable")
    public Uni<Downstream<SavedPlaylist>> create(String bearer, String name, String prompt, List<String> trackIds) {
        return playlists.create(bearer, name, prompt, trackIds).map(Downstream::answered);
    }

    Uni<Downstream<SavedPlaylist>> createUnavailable(String bearer, String name, String prompt, List<String> trackIds,
                                                     Throwable cause) {
        LOG.warnf("Playlist creation unavailable: %s", cause.toString());
        return Uni.createFrom().item(Downstream.failed("the playlist service is unavailable right now"));
    }
}

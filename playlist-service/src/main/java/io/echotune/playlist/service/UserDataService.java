package io.echotune.playlist.service;

import io.echotune.playlist.PlaylistExport;
import io.echotune.playlist.repository.UserDataRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the playlist service holds of a user, erased on {@code user.deleted} and exported on request (docs/privacy.md):
 * playlists, versions, share codes, schedules. All of it is in PostgreSQL; the catalog it reads in MongoDB holds
 * nothing of users. Playlists saved to the user's Spotify account are theirs, on Spotify, and are left there.
 */
@ApplicationScoped
public class UserDataService {

    private final UserDataRepository userData;

    public UserDataService(UserDataRepository userData) {
        this.userData = userData;
    }

    /** Idempotent: erasing an erased user changes nothing. A share code stops working with the erasure. */
    public Uni<Void> erase(String userId) {
        return userData.erase(userId);
    }

    public Multi<PlaylistExport.Playlist> export(String userId) {
        return userData.export(userId);
    }
}

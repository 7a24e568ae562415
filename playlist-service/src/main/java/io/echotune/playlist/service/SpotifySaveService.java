package io.echotune.playlist.service;

import io.echotune.commons.music.SpotifyTrackIds;
import io.echotune.commons.problem.ApiException;
import io.echotune.playlist.PlaylistTrack;
import io.echotune.playlist.SpotifySave;
import io.echotune.playlist.client.SpotifyPlaylistClient;
import io.echotune.playlist.client.SpotifyTokenClient;
import io.echotune.playlist.repository.PlaylistEntity;
import io.echotune.playlist.repository.PlaylistRepository;
import io.echotune.playlist.repository.PlaylistVersionEntity;
import io.echotune.playlist.repository.PlaylistVersionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Saves a playlist's current version to the owner's Spotify account: the first save creates a Spotify playlist
 * and records its id before any item is sent; every save then replaces the items (PUT with the first 100 URIs,
 * POST for each further 100). Because the first write replaces everything, a save that failed halfway is finished by
 * saving again, and nothing is doubled.
 */
@ApplicationScoped
public class SpotifySaveService {

    /** Spotify accepts at most 100 URIs per items call. */
    static final int CHUNK = 100;
    private static final String OPEN_PLAYLIST = "https://open.spotify.com/playlist/";

    private final PlaylistRepository playlists;
    private final PlaylistVersionRepository versions;
    private final SpotifyTokenClient tokens;
    private final SpotifyPlaylistClient spotify;

    public SpotifySaveService(PlaylistRepository playlists, PlaylistVersionRepository versions,
                              SpotifyTokenClient tokens, SpotifyPlaylistClient spotify) {
        this.playlists = playlists;
        this.versions = versions;
        this.tokens = tokens;
        this.spotify = spotify;
    }

    private record Current(PlaylistEntity playlist, PlaylistVersionEntity version) {
    }

    /** {@code bearer} is the caller's internal token: the gateway answers with that user's Spotify access token. */
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "spotifyUnavailable", skipOn = ApiException.class)
    public Uni<SpotifySave> save(String userId, String bearer, UUID playlistId) {
        return Panache.withSession(() -> PlaylistService.findOwned(playlists, userId, playlistId)
                        .chain(p -> versions.findVersion(p.id, p.currentVersion).map(v -> new Current(p, v))))
                .chain(now -> tokens.accessToken(bearer).chain(token -> {
                    if (token.isEmpty()) {
                        return Uni.createFrom().failure(ApiException.conflict(
                                "This account has no Spotify connection: sign in with Spotify (GET /auth/spotify) first"));
                    }
                    return push(userId, now, token.get());
                }));
    }

    private Uni<SpotifySave> push(String userId, Current now, String accessToken) {
        List<String> uris = new ArrayList<>();
        List<String> withoutUri = new ArrayList<>();
        for (PlaylistTrack t : now.version().tracks) {
            if (t.uri() != null && SpotifyTrackIds.parse(t.uri()).isPresent()) {
                uris.add(t.uri());
            } else {
                withoutUri.add(t.trackId());
            }
        }
        Uni<String> target = now.playlist().spotifyPlaylistId != null
                ? Uni.createFrom().item(now.playlist().spotifyPlaylistId)
                : spotify.create(accessToken, now.playlist().name, now.playlist().prompt)
                        .chain(created -> remember(userId, now.playlist().id, created.id()));
        return target.chain(id -> replaceAll(accessToken, id, uris)
                .map(done -> new SpotifySave(id, OPEN_PLAYLIST + id, now.version().version, uris.size(), withoutUri)));
    }

    /** Records the new Spotify playlist's id at once, so a retry after a later failure reuses it. */
    private Uni<String> remember(String userId, UUID playlistId, String spotifyId) {
        return Panache.withTransaction(() -> playlists.lockOwned(userId, playlistId).map(p -> {
            p.spotifyPlaylistId = spotifyId;
            return spotifyId;
        }));
    }

    private Uni<Void> replaceAll(String accessToken, String spotifyId, List<String> uris) {
        Uni<Void> chain = spotify.replaceItems(accessToken, spotifyId, uris.subList(0, Math.min(CHUNK, uris.size())));
        for (int from = CHUNK; from < uris.size(); from += CHUNK) {
            List<String> chunk = uris.subList(from, Math.min(uris.size(), from + CHUNK));
            chain = chain.chain(() -> spotify.addItems(accessToken, spotifyId, chunk));
        }
        return chain;
    }

    Uni<SpotifySave> spotifyUnavailable(String userId, String bearer, UUID playlistId) {
        return Uni.createFrom().failure(ApiException.serviceUnavailable(
                "Spotify cannot be reached right now; save again shortly (nothing will be doubled)", Duration.ofSeconds(30)));
    }
}

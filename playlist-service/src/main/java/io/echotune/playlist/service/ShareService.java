package io.echotune.playlist.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.playlist.PlaylistTrack;
import io.echotune.playlist.SharedPlaylist;
import io.echotune.playlist.repository.PlaylistRepository;
import io.echotune.playlist.repository.PlaylistShareEntity;
import io.echotune.playlist.repository.PlaylistShareRepository;
import io.echotune.playlist.repository.PlaylistVersionRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Read-only public links to a playlist's current version. A code is 256 bits from {@link SecureRandom}
 * (base64url), so it cannot be guessed; one live code per playlist (sharing again returns it); revoking deletes it,
 * and the next read of that code is a 404.
 */
@ApplicationScoped
public class ShareService {

    private static final int CODE_BYTES = 32;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final PlaylistRepository playlists;
    private final PlaylistVersionRepository versions;
    private final PlaylistShareRepository shares;
    private final SecureRandom random = new SecureRandom();

    public ShareService(PlaylistRepository playlists, PlaylistVersionRepository versions,
                        PlaylistShareRepository shares) {
        this.playlists = playlists;
        this.versions = versions;
        this.shares = shares;
    }

    /** The code of the playlist's live share, made now if it has none. */
    @WithTransaction
    public Uni<String> share(String userId, UUID playlistId) {
        return PlaylistService.findOwned(playlists, userId, playlistId).chain(p -> shares.findByPlaylist(p.id)
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(existing);
                    }
                    PlaylistShareEntity share = new PlaylistShareEntity();
                    share.code = newCode();
                    share.playlistId = p.id;
                    share.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return shares.persist(share);
                }))
                .map(s -> s.code);
    }

    @WithTransaction
    public Uni<Void> revoke(String userId, UUID playlistId) {
        return PlaylistService.findOwned(playlists, userId, playlistId).chain(p -> shares.deleteByPlaylist(p.id))
                .replaceWithVoid();
    }

    /** The shared playlist's current version, or a 404 for a code that is malformed, unknown or revoked. */
    @WithSession
    public Uni<SharedPlaylist> read(String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return Uni.createFrom().failure(ApiException.notFound("Shared playlist"));
        }
        return shares.findById(code)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Shared playlist"))
                .chain(s -> playlists.findById(s.playlistId))
                .chain(p -> versions.findVersion(p.id, p.currentVersion).map(v -> new SharedPlaylist(p.name, v.version,
                        p.updatedAt, v.tracks.stream().map(ShareService::publicTrack).toList())));
    }

    private static SharedPlaylist.Track publicTrack(PlaylistTrack t) {
        return new SharedPlaylist.Track(t.position(), t.trackId(), t.name(), t.artists(), t.album(), t.durationMs(),
                t.uri(), t.spotifyUrl());
    }

    private String newCode() {
        byte[] bytes = new byte[CODE_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

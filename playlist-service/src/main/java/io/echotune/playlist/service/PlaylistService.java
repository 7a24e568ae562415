package io.echotune.playlist.service;

import io.echotune.commons.music.SpotifyTrackIds;
import io.echotune.commons.problem.ApiException;
import io.echotune.playlist.Playlist;
import io.echotune.playlist.config.PlaylistConfig;
import io.echotune.playlist.repository.PlaylistEntity;
import io.echotune.playlist.repository.PlaylistRepository;
import io.echotune.playlist.repository.PlaylistVersionEntity;
import io.echotune.playlist.repository.PlaylistVersionRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Playlists and their versions. Today a playlist is made from explicit track ids; building one from a
 * prompt goes through the recommender once it is connected (see docs/architecture.md).
 */
@ApplicationScoped
public class PlaylistService {

    private static final String DEFAULT_NAME = "New playlist";

    private final PlaylistRepository playlists;
    private final PlaylistVersionRepository versions;
    private final PlaylistConfig config;
    private final Clock clock;

    public PlaylistService(PlaylistRepository playlists, PlaylistVersionRepository versions, PlaylistConfig config) {
        this.playlists = playlists;
        this.versions = versions;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    @WithTransaction
    public Uni<Playlist> create(String userId, String name, String prompt, List<String> trackIds) {
        List<String> ids = TrackIds.normalise(trackIds, config.maxTracks());
        String cleanName = cleanName(name, prompt);
        // Microsecond precision: what PostgreSQL keeps, so a re-read returns the same instant.
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);

        PlaylistEntity playlist = new PlaylistEntity();
        playlist.id = UUID.randomUUID();
        playlist.userId = userId;
        playlist.name = cleanName;
        playlist.prompt = blankToNull(prompt);
        playlist.currentVersion = 1;
        playlist.createdAt = now;
        playlist.updatedAt = now;

        PlaylistVersionEntity first = new PlaylistVersionEntity();
        first.playlistId = playlist.id;
        first.version = 1;
        first.prompt = playlist.prompt;
        first.trackIds = ids.toArray(String[]::new);
        first.createdAt = now;

        return playlists.persist(playlist)
                .chain(() -> versions.persist(first))
                .map(saved -> toPlaylist(playlist, saved));
    }

    @WithSession
    public Uni<List<Playlist.Summary>> list(String userId) {
        return playlists.listOwned(userId).chain(owned -> {
            List<Uni<Playlist.Summary>> summaries = new ArrayList<>();
            for (PlaylistEntity p : owned) {
                summaries.add(versions.findVersion(p.id, p.currentVersion).map(v ->
                        new Playlist.Summary(p.id, p.name, p.currentVersion, v.trackIds.length, p.createdAt, p.updatedAt)));
            }
            // One session cannot run queries in parallel: fetch versions one after another.
            return summaries.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(summaries).usingConcurrencyOf(1).andFailFast();
        });
    }

    @WithSession
    public Uni<Playlist> get(String userId, UUID playlistId) {
        return findOwned(userId, playlistId).chain(p -> versions.findVersion(p.id, p.currentVersion)
                .map(v -> toPlaylist(p, v)));
    }

    @WithSession
    public Uni<List<Playlist.Version>> versions(String userId, UUID playlistId) {
        return findOwned(userId, playlistId).chain(p -> versions.listVersions(p.id))
                .map(all -> all.stream()
                        .map(v -> new Playlist.Version(v.version, v.prompt, v.trackIds.length, v.createdAt))
                        .toList());
    }

    @WithTransaction
    public Uni<Void> delete(String userId, UUID playlistId) {
        return findOwned(userId, playlistId).chain(p -> playlists.delete(p));
    }

    private Uni<PlaylistEntity> findOwned(String userId, UUID playlistId) {
        return playlists.findOwned(userId, playlistId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Playlist " + playlistId));
    }

    private String cleanName(String name, String prompt) {
        String chosen = blankToNull(name);
        if (chosen == null) {
            chosen = blankToNull(prompt) != null ? prompt.strip() : DEFAULT_NAME;
        }
        if (chosen.length() > config.maxNameLength()) {
            if (blankToNull(name) != null) {
                throw ApiException.invalidField("name", "is longer than " + config.maxNameLength() + " characters");
            }
            chosen = chosen.substring(0, config.maxNameLength());
        }
        return chosen;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Playlist toPlaylist(PlaylistEntity p, PlaylistVersionEntity v) {
        List<Playlist.PlaylistTrack> tracks = new ArrayList<>(v.trackIds.length);
        for (int i = 0; i < v.trackIds.length; i++) {
            tracks.add(new Playlist.PlaylistTrack(i + 1, v.trackIds[i], SpotifyTrackIds.uri(v.trackIds[i])));
        }
        return new Playlist(p.id, p.name, v.version, v.prompt, tracks, p.createdAt, p.updatedAt);
    }
}

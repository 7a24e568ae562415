package io.echotune.playlist.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.commons.problem.Problem;
import io.echotune.playlist.Playlist;
import io.echotune.playlist.PlaylistTrack;
import io.echotune.playlist.config.PlaylistConfig;
import io.echotune.playlist.repository.PlaylistEntity;
import io.echotune.playlist.repository.PlaylistRepository;
import io.echotune.playlist.repository.PlaylistShareRepository;
import io.echotune.playlist.repository.PlaylistVersionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
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
 * Playlists: made from explicit track ids (checked against the catalog) or from a prompt (the recommender chooses,
 * for the caller), each track stored as a snapshot with version 1. Versions after that are {@link VersionService}'s.
 */
@ApplicationScoped
public class PlaylistService {

    private static final String DEFAULT_NAME = "New playlist";

    private final PlaylistRepository playlists;
    private final PlaylistVersionRepository versions;
    private final PlaylistShareRepository shares;
    private final TrackSource tracks;
    private final PlaylistConfig config;
    private final Clock clock;

    public PlaylistService(PlaylistRepository playlists, PlaylistVersionRepository versions,
                           PlaylistShareRepository shares, TrackSource tracks, PlaylistConfig config) {
        this.playlists = playlists;
        this.versions = versions;
        this.shares = shares;
        this.tracks = tracks;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /** What a new playlist is made of; {@code bearer} is the caller's internal token, forwarded to the recommender. */
    public record NewPlaylist(String name, String prompt, List<String> trackIds, Integer count) {
    }

    public Uni<Playlist> create(String userId, String bearer, NewPlaylist request) {
        String prompt = cleanPrompt(request.prompt(), config.maxPromptLength());
        String name = cleanName(request.name(), prompt);
        if (request.count() != null && (request.count() < 1 || request.count() > config.maxCount())) {
            throw ApiException.invalidField("count", "must be between 1 and " + config.maxCount());
        }
        Uni<List<PlaylistTrack>> chosen;
        if (request.trackIds() != null && !request.trackIds().isEmpty()) {
            chosen = tracks.byIds(bearer, TrackIds.normalise(request.trackIds(), config.maxTracks()));
        } else if (prompt != null) {
            chosen = tracks.byPrompt(bearer, prompt, request.count() != null ? request.count() : config.defaultCount());
        } else {
            throw new ApiException(Problem.validation("Give a prompt or trackIds", List.of(
                    new Problem.FieldError("prompt", "is empty and no trackIds were given"),
                    new Problem.FieldError("trackIds", "is empty and no prompt was given"))));
        }
        return chosen.chain(list -> Panache.withTransaction(() -> store(userId, name, prompt, list)));
    }

    private Uni<Playlist> store(String userId, String name, String prompt, List<PlaylistTrack> list) {
        // Microsecond precision: what PostgreSQL keeps, so a re-read returns the same instant.
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        PlaylistEntity playlist = new PlaylistEntity();
        playlist.id = UUID.randomUUID();
        playlist.userId = userId;
        playlist.name = name;
        playlist.prompt = prompt;
        playlist.currentVersion = 1;
        playlist.createdAt = now;
        playlist.updatedAt = now;
        var first = PlaylistViews.newVersion(playlist, 1, prompt, list, now);
        return playlists.persist(playlist)
                .chain(() -> versions.persist(first))
                .map(saved -> PlaylistViews.toPlaylist(playlist, saved, null));
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
        // with the live share's code, so the owner's view can offer "copy link" or "stop sharing"
        return findOwned(playlists, userId, playlistId).chain(p -> versions.findVersion(p.id, p.currentVersion)
                .chain(v -> shares.findByPlaylist(p.id).map(share -> PlaylistViews.toPlaylist(p, v, null)
                        .withShareCode(share == null ? null : share.code))));
    }

    @WithTransaction
    public Uni<Void> delete(String userId, UUID playlistId) {
        return findOwned(playlists, userId, playlistId).chain(p -> playlists.delete(p));
    }

    /** The caller's playlist, or a 404 that does not reveal whether someone else's exists. */
    static Uni<PlaylistEntity> findOwned(PlaylistRepository playlists, String userId, UUID playlistId) {
        return playlists.findOwned(userId, playlistId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Playlist " + playlistId));
    }

    static String cleanPrompt(String prompt, int max) {
        String p = blankToNull(prompt);
        if (p != null && p.length() > max) {
            throw ApiException.invalidField("prompt", "is longer than " + max + " characters");
        }
        return p;
    }

    private String cleanName(String name, String prompt) {
        String chosen = blankToNull(name);
        if (chosen == null) {
            chosen = prompt != null ? prompt : DEFAULT_NAME;
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
}

package io.echotune.playlist.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.playlist.Playlist;
import io.echotune.playlist.PlaylistTrack;
import io.echotune.playlist.config.PlaylistConfig;
import io.echotune.playlist.repository.PlaylistEntity;
import io.echotune.playlist.repository.PlaylistRepository;
import io.echotune.playlist.repository.PlaylistVersionEntity;
import io.echotune.playlist.repository.PlaylistVersionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Versions after the first: refinements (N+1 from N, fitting tracks kept in place), restores (N+1 equal to an
 * older one) and scheduled refreshes (N+1 regenerated from the prompt for the owner, or with the catalog's current
 * facts). Every version is kept.
 */
@ApplicationScoped
public class VersionService {

    /** The prompt recorded on a version a scheduled run regenerated (the playlist keeps its own prompt). */
    static final String SCHEDULED_FROM_PROMPT = "scheduled refresh: regenerated from the prompt";

    private final PlaylistRepository playlists;
    private final PlaylistVersionRepository versions;
    private final TrackSource tracks;
    private final PlaylistConfig config;
    private final Clock clock;

    public VersionService(PlaylistRepository playlists, PlaylistVersionRepository versions, TrackSource tracks,
                          PlaylistConfig config) {
        this.playlists = playlists;
        this.versions = versions;
        this.tracks = tracks;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    private record Current(PlaylistEntity playlist, PlaylistVersionEntity version) {
    }

    public Uni<Playlist> refine(String userId, String bearer, UUID playlistId, String rawPrompt) {
        String prompt = PlaylistService.cleanPrompt(rawPrompt, config.maxPromptLength());
        if (prompt == null) {
            throw ApiException.invalidField("prompt", "is empty: say how to change the playlist");
        }
        Refinement refinement = Refinement.read(prompt);
        if (refinement.newLength().isPresent()
                && (refinement.newLength().getAsInt() < 1 || refinement.newLength().getAsInt() > config.maxCount())) {
            throw ApiException.invalidField("prompt", "asks for " + refinement.newLength().getAsInt()
                    + " tracks; a playlist can be refined to 1-" + config.maxCount());
        }
        return Panache.withSession(() -> current(userId, playlistId)).chain(now -> {
            // The recommender reads the refinement in the light of what the playlist was made for.
            String asked = now.playlist().prompt == null ? prompt : now.playlist().prompt + ". " + prompt;
            int wanted = refinement.newLength().orElse(now.version().tracks.size());
            return tracks.byPrompt(bearer, asked, Math.min(config.maxCount(), config.refineCandidates()))
                    .map(candidates -> TrackSelection.refine(now.version().tracks, candidates, refinement, wanted))
                    .chain(next -> save(userId, playlistId, now.version(), prompt, next));
        });
    }

    /** A new version equal to version {@code n}. */
    public Uni<Playlist> restore(String userId, UUID playlistId, int n) {
        record Restore(PlaylistVersionEntity base, PlaylistVersionEntity old) {
        }
        return Panache.withSession(() -> current(userId, playlistId)
                        .chain(now -> findVersion(playlistId, n).map(old -> new Restore(now.version(), old))))
                .chain(r -> save(userId, playlistId, r.base(), r.old().prompt, r.old().tracks));
    }

    /**
     * A scheduled run for the owner ({@code bearer}: the internal token exchanged for their delegation): the
     * recommender's answer to the playlist's prompt, with the latest taste, as long as the current version (at most
     * {@code max-count}), stored as the next version with its added and removed tracks. Empty when nothing would
     * change (the same tracks, or an empty answer, which never replaces a playlist).
     */
    public Uni<Optional<Playlist>> regenerate(String userId, String bearer, UUID playlistId) {
        return Panache.withSession(() -> current(userId, playlistId)).chain(now -> {
            int count = Math.max(1, Math.min(config.maxCount(), now.version().tracks.size()));
            return tracks.byPrompt(bearer, now.playlist().prompt, count).chain(next ->
                    next.isEmpty() || next.equals(now.version().tracks) ? Uni.createFrom().item(Optional.<Playlist>empty())
                            : save(userId, playlistId, now.version(), SCHEDULED_FROM_PROMPT, next).map(Optional::of));
        });
    }

    /**
     * A scheduled run without a delegation (schedules set before delegations existed, or a playlist without a
     * prompt): the same tracks with the catalog's current facts, as a new version when anything changed.
     */
    public Uni<Boolean> refreshFromCatalog(String userId, UUID playlistId) {
        return Panache.withSession(() -> current(userId, playlistId)).chain(now -> tracks.refreshed(now.version().tracks)
                .chain(next -> next.equals(now.version().tracks) ? Uni.createFrom().item(false)
                        : save(userId, playlistId, now.version(), "scheduled refresh: catalog facts", next).replaceWith(true)));
    }

    @WithSession
    public Uni<List<Playlist.Version>> list(String userId, UUID playlistId) {
        return PlaylistService.findOwned(playlists, userId, playlistId).chain(p -> versions.listVersions(p.id))
                .map(all -> all.stream()
                        .map(v -> new Playlist.Version(v.version, v.prompt, v.tracks.size(), v.createdAt))
                        .toList());
    }

    /** Version {@code n}, with what it added and removed relative to version n-1. */
    @WithSession
    public Uni<Playlist> get(String userId, UUID playlistId, int n) {
        return PlaylistService.findOwned(playlists, userId, playlistId).chain(p -> findVersion(p.id, n)
                .chain(v -> (n > 1 ? versions.findVersion(p.id, n - 1) : Uni.createFrom().<PlaylistVersionEntity>nullItem())
                        .map(previous -> PlaylistViews.toPlaylist(p, v, previous))));
    }

    private Uni<Current> current(String userId, UUID playlistId) {
        return PlaylistService.findOwned(playlists, userId, playlistId)
                .chain(p -> versions.findVersion(p.id, p.currentVersion).map(v -> new Current(p, v)));
    }

    private Uni<PlaylistVersionEntity> findVersion(UUID playlistId, int n) {
        return versions.findVersion(playlistId, n)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Version " + n + " of playlist " + playlistId));
    }

    /**
     * Stores {@code next} as the version after {@code base}, unless another version was made meanwhile (then 409:
     * the caller's change was computed from a version that is no longer current).
     */
    private Uni<Playlist> save(String userId, UUID playlistId, PlaylistVersionEntity base, String prompt,
                               List<PlaylistTrack> next) {
        return Panache.withTransaction(() -> playlists.lockOwned(userId, playlistId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Playlist " + playlistId))
                .chain(p -> {
                    if (p.currentVersion != base.version) {
                        return Uni.createFrom().failure(ApiException.conflict("The playlist changed meanwhile (now version "
                                + p.currentVersion + "); try again"));
                    }
                    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
                    PlaylistVersionEntity v = PlaylistViews.newVersion(p, base.version + 1, prompt, next, now);
                    p.currentVersion = v.version;
                    p.updatedAt = now;
                    return versions.persist(v).map(saved -> PlaylistViews.toPlaylist(p, saved, base));
                }));
    }
}

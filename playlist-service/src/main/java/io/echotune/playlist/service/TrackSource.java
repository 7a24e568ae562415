package io.echotune.playlist.service;

import io.echotune.commons.music.TrackRefs;
import io.echotune.commons.problem.ApiException;
import io.echotune.playlist.PlaylistTrack;
import io.echotune.playlist.client.RecommenderAnswer;
import io.echotune.playlist.client.RecommenderClient;
import io.echotune.playlist.repository.CatalogTrackRepository;
import io.echotune.playlist.repository.CatalogTrackRepository.CatalogTrack;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a playlist's tracks come from: ids the caller names (checked against the track catalog, which also supplies
 * their snapshot) or the recommender's answer to a prompt (its facts and explanation, plus the catalog's duration,
 * which the recommender does not return).
 */
@ApplicationScoped
public class TrackSource {

    private final RecommenderClient recommender;
    private final CatalogTrackRepository catalog;

    public TrackSource(RecommenderClient recommender, CatalogTrackRepository catalog) {
        this.recommender = recommender;
        this.catalog = catalog;
    }

    /**
     * Snapshots of the ids (refs: TrackRefs), in order: the catalog's facts, or for a track outside it what the
     * caller's own plays say of it (asked of the recommender with the caller's internal token). A 400 names every id
     * neither knows.
     */
    public Uni<List<PlaylistTrack>> byIds(String bearer, List<String> ids) {
        return catalog.findByIds(ids).chain(found -> {
            List<String> unknown = ids.stream().filter(id -> !found.containsKey(id)).toList();
            if (unknown.isEmpty()) {
                return Uni.createFrom().item(snapshots(ids, found, Map.of()));
            }
            return playedTracks(bearer, unknown).chain(played -> {
                List<String> missing = unknown.stream().filter(id -> !played.containsKey(id)).toList();
                if (missing.isEmpty()) {
                    return Uni.createFrom().item(snapshots(ids, found, played));
                }
                // Before the first catalog load every id is unknown: that is "not yet", not "no such track".
                return catalog.isLoaded().map(loaded -> {
                    if (!loaded) {
                        throw ApiException.serviceUnavailable("The track catalog is not loaded yet; try again shortly",
                                Duration.ofSeconds(30));
                    }
                    throw ApiException.invalidField("trackIds", "neither in the track catalog nor in your listening "
                            + "history: " + String.join(", ", missing.size() > 20 ? missing.subList(0, 20) : missing)
                            + (missing.size() > 20 ? " and " + (missing.size() - 20) + " more" : ""));
                });
            });
        });
    }

    private Uni<Map<String, RecommenderAnswer.Track>> playedTracks(String bearer, List<String> ids) {
        return recommender.playedTracks(bearer, ids)
                .onFailure(e -> !(e instanceof ApiException)).transform(e -> ApiException.serviceUnavailable(
                        "The recommender is unavailable to name tracks outside the catalog; try again shortly",
                        Duration.ofSeconds(15)))
                .map(list -> {
                    Map<String, RecommenderAnswer.Track> byId = new LinkedHashMap<>();
                    list.forEach(t -> byId.put(t.trackId(), t));
                    return byId;
                });
    }

    private static List<PlaylistTrack> snapshots(List<String> ids, Map<String, CatalogTrack> found,
                                                 Map<String, RecommenderAnswer.Track> played) {
        List<PlaylistTrack> tracks = new ArrayList<>(ids.size());
        for (String id : ids) {
            CatalogTrack t = found.get(id);
            if (t != null) {
                tracks.add(new PlaylistTrack(tracks.size() + 1, id, TrackRefs.spotifyUri(id), t.name(), t.artists(),
                        t.album(), t.durationMs(), t.features(), null));
            } else {
                RecommenderAnswer.Track p = played.get(id);
                tracks.add(new PlaylistTrack(tracks.size() + 1, id, TrackRefs.spotifyUri(id), p.name(), p.artists(),
                        p.album(), null, null, null));
            }
        }
        return tracks;
    }

    /**
     * The same tracks with the catalog's current facts (explanations kept); a track the catalog no longer knows keeps
     * its snapshot.
     */
    public Uni<List<PlaylistTrack>> refreshed(List<PlaylistTrack> current) {
        return catalog.findByIds(current.stream().map(PlaylistTrack::trackId).toList()).map(found -> current.stream()
                .map(t -> {
                    CatalogTrack c = found.get(t.trackId());
                    return c == null ? t : new PlaylistTrack(t.position(), t.trackId(), t.uri(), c.name(), c.artists(),
                            c.album(), c.durationMs(), c.features(), t.explanation());
                }).toList());
    }

    /**
     * Up to {@code count} distinct tracks for the prompt, in the recommender's rank order, asked with the caller's
     * internal token (the recommender ranks for that user).
     */
    @Timeout(value = 10, unit = java.time.temporal.ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "recommenderUnavailable", skipOn = ApiException.class)
    public Uni<List<PlaylistTrack>> byPrompt(String bearer, String prompt, int count) {
        return recommender.recommend(bearer, prompt, count).chain(answer -> {
            Map<String, RecommenderAnswer.Track> distinct = new LinkedHashMap<>();
            for (RecommenderAnswer.Track t : answer) {
                if (t.trackId() != null && distinct.size() < count) {
                    distinct.putIfAbsent(t.trackId(), t);
                }
            }
            return catalog.findByIds(distinct.keySet()).map(found -> {
                List<PlaylistTrack> tracks = new ArrayList<>(distinct.size());
                for (RecommenderAnswer.Track t : distinct.values()) {
                    CatalogTrack c = found.get(t.trackId());
                    tracks.add(new PlaylistTrack(tracks.size() + 1, t.trackId(),
                            t.uri() != null ? t.uri() : TrackRefs.spotifyUri(t.trackId()),
                            t.name() != null ? t.name() : c == null ? null : c.name(),
                            t.artists() != null ? t.artists() : c == null ? null : c.artists(),
                            t.album() != null ? t.album() : c == null ? null : c.album(),
                            c == null ? null : c.durationMs(),
                            t.features() != null ? t.features() : c == null ? null : c.features(),
                            t.explanation()));
                }
                return tracks;
            });
        });
    }

    Uni<List<PlaylistTrack>> recommenderUnavailable(String bearer, String prompt, int count) {
        return Uni.createFrom().failure(ApiException.serviceUnavailable(
                "The recommender is unavailable; try again shortly", Duration.ofSeconds(15)));
    }
}

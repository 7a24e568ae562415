package io.echotune.recommender.service;

import io.echotune.commons.music.TrackRefs;
import io.echotune.commons.problem.ApiException;
import io.echotune.recommender.PlayedTrack;
import io.echotune.recommender.config.RecommenderConfig;
import io.echotune.recommender.ranking.PlayedTracks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The facts of tracks the caller played that the catalog does not hold, from their own taste profile: the recommender
 * answers with such tracks, and playlist-service, which knows only the catalog, asks here when a playlist is made of
 * them. Only the caller's own plays are looked at.
 */
@ApplicationScoped
public class PlayedTrackLookup {

    private final ModelService model;
    private final ProfileService profiles;
    private final RecommenderConfig config;

    public PlayedTrackLookup(ModelService model, ProfileService profiles, RecommenderConfig config) {
        this.model = model;
        this.profiles = profiles;
        this.config = config;
    }

    /** Those of {@code trackIds} (refs: TrackRefs) the caller played outside the catalog, in the order asked. */
    public Uni<List<PlayedTrack>> find(String userId, List<String> trackIds) {
        Set<String> keys = keys(trackIds);
        return model.snapshot()
                .chain(snapshot -> profiles.profileFor(userId, snapshot.catalog()))
                .map(profile -> {
                    PlayedTracks played = profile.played();
                    List<PlayedTrack> found = new ArrayList<>();
                    for (String key : keys) {
                        int i = played.indexOf(key);
                        if (i >= 0) {
                            String ref = played.ref(i);
                            found.add(new PlayedTrack(ref, TrackRefs.spotifyUri(ref), played.name(i),
                                    played.artistNames(i), played.album(i)));
                        }
                    }
                    return found;
                });
    }

    private Set<String> keys(List<String> trackIds) {
        if (trackIds == null || trackIds.isEmpty()) {
            throw ApiException.invalidField("trackIds", "must hold at least one track id");
        }
        int max = config.limits().maxExcludeTracks();
        if (trackIds.size() > max) {
            throw ApiException.invalidField("trackIds", "holds " + trackIds.size() + " tracks; at most " + max
                    + " are accepted");
        }
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < trackIds.size(); i++) {
            int index = i;
            String ref = TrackRefs.parse(trackIds.get(i)).orElseThrow(() -> ApiException.invalidField(
                    "trackIds[" + index + "]", "is not a Spotify track id, spotify:track: URI or name: key"));
            keys.add(TrackRefs.trackKey(ref));
        }
        return keys;
    }
}

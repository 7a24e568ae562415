package io.echotune.ingestion.catalog.enrichment;

import io.echotune.commons.music.SpotifyTrackIds;
import io.echotune.commons.music.TrackNames;
import io.echotune.commons.music.catalog.AudioFeatures;
import io.echotune.ingestion.catalog.repository.CatalogRepository;
import io.echotune.ingestion.catalog.repository.CatalogRepository.StoredTrack;
import io.echotune.ingestion.catalog.repository.TrackNameRepository;
import io.echotune.ingestion.catalog.repository.TrackResolutionRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves track keys to audio features and genres, never inventing either:
 * <ol>
 *   <li>the Spotify track id: from the URI ({@code spotify:track:<id>}), else from the normalised artist + title
 *   in {@code track_names} (the catalog's names and those of earlier extended imports);</li>
 *   <li>the catalog: {@code tracks} by id; a stored track with audio features is resolved;</li>
 *   <li>the enabled features providers, for ids the catalog lacks or holds without features; what they find is
 *   stored in {@code tracks} (source = the provider), with the artist's genre tags from {@code artists};</li>
 *   <li>anything else is UNRESOLVED with the reason.</li>
 * </ol>
 * Every conclusion is recorded in {@code track_resolutions}. Blocking: runs on an enrichment worker thread.
 */
@ApplicationScoped
public class TrackResolver {

    public static final String CATALOG = "catalog";
    private static final Duration STORE_TIMEOUT = Duration.ofMinutes(1);
    private static final AudioFeatures NO_FEATURES = AudioFeatures.fromMap(Map.of());

    private final CatalogRepository catalog;
    private final TrackNameRepository names;
    private final TrackResolutionRepository resolutions;
    private final FeaturesProviders providers;

    public TrackResolver(CatalogRepository catalog, TrackNameRepository names, TrackResolutionRepository resolutions,
                         FeaturesProviders providers) {
        this.catalog = catalog;
        this.names = names;
        this.resolutions = resolutions;
        this.providers = providers;
    }

    /** What was concluded about one requested track; features, genres and source only when RESOLVED. */
    public record Outcome(EnrichmentEvents.Requested request, ResolutionStatus status, String trackId, String source,
                          AudioFeatures features, List<String> genres, String reason) {
    }

    /** Requests with distinct track keys. */
    public List<Outcome> resolve(List<EnrichmentEvents.Requested> requests) {
        Map<String, String> idByKey = new HashMap<>();
        Map<String, String> nameKeyByKey = new HashMap<>();
        for (EnrichmentEvents.Requested r : requests) {
            String id = SpotifyTrackIds.parse(r.trackKey()).orElse(null);
            if (id != null) {
                idByKey.put(r.trackKey(), id);
            } else if (r.trackKey().startsWith("name:")) {
                nameKeyByKey.put(r.trackKey(), r.trackKey());
            } else if (r.artistName() != null && r.trackName() != null) {
                // a URI that is not a Spotify track (a local file): its names may still be in the catalog
                nameKeyByKey.put(r.trackKey(), TrackNames.nameKey(r.artistName(), r.trackName()));
            }
        }
        Map<String, String> byName = names.trackIds(new HashSet<>(nameKeyByKey.values())).await().atMost(STORE_TIMEOUT);
        nameKeyByKey.forEach((key, nameKey) -> {
            String id = byName.get(nameKey);
            if (id != null) {
                idByKey.put(key, id);
            }
        });

        Map<String, StoredTrack> stored = catalog.tracks(new HashSet<>(idByKey.values())).await().atMost(STORE_TIMEOUT);
        Set<String> askProviders = new LinkedHashSet<>();
        for (String id : idByKey.values()) {
            if (features(stored.get(id)).isEmpty()) {
                askProviders.add(id);
            }
        }
        FeaturesProviders.Lookup lookup = askProviders.isEmpty()
                ? new FeaturesProviders.Lookup(Map.of(), Map.of()) : providers.lookup(askProviders);
        Map<String, List<String>> providerGenres = saveProviderTracks(requests, idByKey, stored, lookup);

        List<Outcome> outcomes = new ArrayList<>();
        List<TrackResolutionRepository.Resolution> records = new ArrayList<>();
        for (EnrichmentEvents.Requested r : requests) {
            String id = idByKey.get(r.trackKey());
            Outcome outcome = outcome(r, id, id == null ? null : stored.get(id), lookup, providerGenres);
            outcomes.add(outcome);
            records.add(new TrackResolutionRepository.Resolution(r.trackKey(), outcome.status(), outcome.trackId(),
                    outcome.source(), outcome.reason()));
        }
        resolutions.record(records, new Date()).await().atMost(STORE_TIMEOUT);
        return outcomes;
    }

    private Outcome outcome(EnrichmentEvents.Requested r, String id, StoredTrack stored,
                            FeaturesProviders.Lookup lookup, Map<String, List<String>> providerGenres) {
        if (id == null) {
            String what = r.artistName() != null && r.trackName() != null
                    ? "'" + r.artistName() + " - " + r.trackName() + "'" : r.trackKey();
            return unresolved(r, null, "no Spotify track id: " + what
                    + " is neither in the catalog nor in an earlier extended import");
        }
        AudioFeatures inCatalog = features(stored);
        if (!inCatalog.isEmpty()) {
            return new Outcome(r, ResolutionStatus.RESOLVED, id, CATALOG, inCatalog, stored.genres(), null);
        }
        FeaturesProviders.Found found = lookup.found().get(id);
        if (found != null) {
            return new Outcome(r, ResolutionStatus.RESOLVED, id, found.provider(), found.features(),
                    providerGenres.getOrDefault(id, List.of()), null);
        }
        String where = stored == null ? "track " + id + " is not in the catalog"
                : "track " + id + " has no audio features in the catalog";
        List<String> notes = lookup.notes().getOrDefault(id, List.of());
        return unresolved(r, id, notes.isEmpty() ? where : where + "; " + String.join("; ", notes));
    }

    private static Outcome unresolved(EnrichmentEvents.Requested r, String id, String reason) {
        return new Outcome(r, ResolutionStatus.UNRESOLVED, id, null, null, null, reason);
    }

    /**
     * Stores the tracks the providers found and returns their genres: a stored track's own, else its artist's
     * tags from the catalog's artist tables (by the artist name the import gave).
     */
    private Map<String, List<String>> saveProviderTracks(List<EnrichmentEvents.Requested> requests,
                                                         Map<String, String> idByKey, Map<String, StoredTrack> stored,
                                                         FeaturesProviders.Lookup lookup) {
        if (lookup.found().isEmpty()) {
            return Map.of();
        }
        Map<String, EnrichmentEvents.Requested> requestById = new HashMap<>();
        for (EnrichmentEvents.Requested r : requests) {
            String id = idByKey.get(r.trackKey());
            if (id != null && lookup.found().containsKey(id)) {
                requestById.putIfAbsent(id, r);
            }
        }
        Set<String> artistKeys = new HashSet<>();
        requestById.values().forEach(r -> {
            if (r.artistName() != null) {
                artistKeys.add(TrackNames.normalise(r.artistName()));
            }
        });
        Map<String, List<String>> artistGenres = catalog.artistGenres(artistKeys).await().atMost(STORE_TIMEOUT);
        Map<String, List<String>> genres = new HashMap<>();
        List<CatalogRepository.ProviderTrack> tracks = new ArrayList<>();
        requestById.forEach((id, r) -> {
            StoredTrack track = stored.get(id);
            List<String> tags = track != null && !track.genres().isEmpty() ? track.genres()
                    : r.artistName() == null ? List.of()
                    : artistGenres.getOrDefault(TrackNames.normalise(r.artistName()), List.of());
            genres.put(id, tags);
            FeaturesProviders.Found found = lookup.found().get(id);
            tracks.add(new CatalogRepository.ProviderTrack(id, r.trackName(), r.artistName(), r.albumName(),
                    found.features(), tags, found.provider()));
        });
        catalog.saveProviderTracks(tracks, stored, new Date()).await().atMost(STORE_TIMEOUT);
        return genres;
    }

    private static AudioFeatures features(StoredTrack track) {
        return track == null ? NO_FEATURES : track.features();
    }
}

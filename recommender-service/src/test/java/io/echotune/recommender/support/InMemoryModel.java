package io.echotune.recommender.support;

import io.echotune.commons.music.SpotifyTrackIds;
import io.echotune.commons.music.TrackNames;
import io.echotune.commons.music.catalog.ArtistGenres;
import io.echotune.commons.music.catalog.CatalogMerger;
import io.echotune.commons.music.catalog.CatalogTrack;
import io.echotune.recommender.ranking.CatalogEntry;
import io.echotune.recommender.ranking.CatalogFacts;
import io.echotune.recommender.ranking.CatalogIndex;
import io.echotune.recommender.ranking.FeatureSpace;
import io.echotune.recommender.ranking.Play;
import io.echotune.recommender.ranking.TasteAccumulator;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The model built straight from the shared files, the way the service builds it from MongoDB: the same index builder,
 * the same name keys (track_names) and artist-table genres, the same accumulator. Used by plain tests, the evaluation
 * and the benchmark, which need no running service.
 */
public final class InMemoryModel {

    public final CatalogMerger.Result source;
    public final CatalogIndex catalog;
    public final Map<String, String> trackIdByNameKey = new HashMap<>();
    public final Map<String, List<String>> artistGenres = new HashMap<>();

    private InMemoryModel(CatalogMerger.Result source, Predicate<CatalogTrack> keepTrack, boolean withPlaylists) {
        this.source = source;
        CatalogIndex.Builder builder = CatalogIndex.builder(1);
        for (ArtistGenres a : source.artists()) {
            artistGenres.put(a.key(), a.genres());
            builder.artistGenres(a.key(), a.genres());
        }
        List<CatalogTrack> kept = new ArrayList<>();
        for (CatalogTrack t : source.tracks()) {
            if (keepTrack.test(t)) {
                kept.add(t);
                builder.add(entry(t, withPlaylists));
            }
        }
        this.catalog = builder.build();
        for (Document d : CatalogDocuments.trackNames(kept)) {
            trackIdByNameKey.put(d.getString("_id"), d.getString("trackId"));
        }
    }

    public static InMemoryModel shared() {
        return new InMemoryModel(SharedData.catalog(), t -> true, true);
    }

    /** The shared catalog without playlist memberships (the playlist-continuation evaluation supplies its own). */
    public static InMemoryModel sharedWithoutPlaylists() {
        return new InMemoryModel(SharedData.catalog(), t -> true, false);
    }

    /** As {@link #sharedWithoutPlaylists()}, and without the TidyTuesday playlists' own genre labels either. */
    public static InMemoryModel sharedWithoutPlaylistsOrTheirLabels() {
        return new InMemoryModel(SharedData.catalogWithoutPlaylistLabels(), t -> true, false);
    }

    public static CatalogEntry entry(CatalogTrack t, boolean withPlaylists) {
        double[] f = new double[FeatureSpace.DIMENSIONS];
        Arrays.fill(f, Double.NaN);
        t.features().asMap().forEach((name, value) -> f[FeatureSpace.index(name)] = value);
        return new CatalogEntry(t.id(), t.name(), t.artists(), t.album(), t.genres(), f, t.popularity(), t.durationMs(),
                t.explicit(), t.releaseYear(), withPlaylists ? t.playlists() : List.of());
    }

    public TasteAccumulator.Facts facts() {
        return new CatalogFacts(catalog, artistGenres);
    }

    /** Plays with catalog ids resolved as ProfileService resolves them (URI, else name key through track_names). */
    public List<Play> plays(List<ExportedHistories.StoredPlay> stored) {
        List<Play> out = new ArrayList<>(stored.size());
        int i = 0;
        for (ExportedHistories.StoredPlay p : stored) {
            out.add(new Play("r" + (i++), p.playedAt().toEpochMilli(), p.msPlayed(), p.contentType(), resolve(p),
                    p.trackName(), p.artistName(), p.reasonStart(), p.reasonEnd(), p.skipped(), p.trackKey(), p.albumName()));
        }
        return out;
    }

    public String resolve(ExportedHistories.StoredPlay p) {
        String id = SpotifyTrackIds.parse(p.trackUri()).orElse(null);
        if (id != null && catalog.track(id) >= 0) {
            return id;
        }
        if (p.trackName() != null && p.artistName() != null) {
            String named = trackIdByNameKey.get(TrackNames.nameKey(p.artistName(), p.trackName()));
            if (named != null && catalog.track(named) >= 0) {
                return named;
            }
        }
        return null;
    }

    public TasteAccumulator accumulate(List<Play> plays, long halfLifeMs) {
        TasteAccumulator acc = new TasteAccumulator(halfLifeMs);
        acc.addAll(plays, facts());
        acc.trimArtists(5_000);
        return acc;
    }
}

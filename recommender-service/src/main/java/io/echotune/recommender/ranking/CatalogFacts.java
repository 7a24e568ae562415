package io.echotune.recommender.ranking;

import java.util.List;
import java.util.Map;

/** {@link TasteAccumulator.Facts} from a catalog index and its artist table (or the artist-table genres at hand). */
public final class CatalogFacts implements TasteAccumulator.Facts {

    private final CatalogIndex catalog;
    private final Map<String, List<String>> artistGenres;

    /** The index's own artist table: read with the catalog it belongs to, so a profile learns from one catalog. */
    public CatalogFacts(CatalogIndex catalog) {
        this.catalog = catalog;
        this.artistGenres = null;
    }

    public CatalogFacts(CatalogIndex catalog, Map<String, List<String>> artistGenres) {
        this.catalog = catalog;
        this.artistGenres = artistGenres;
    }

    @Override
    public float[] features(String trackId) {
        int t = catalog.track(trackId);
        if (t < 0) {
            return null;
        }
        float[] f = new float[FeatureSpace.DIMENSIONS];
        for (int d = 0; d < f.length; d++) {
            f[d] = catalog.feature(t, d);
        }
        return f;
    }

    @Override
    public int durationMs(String trackId) {
        int t = catalog.track(trackId);
        return t < 0 ? 0 : catalog.durationMs(t);
    }

    @Override
    public List<String> trackGenres(String trackId) {
        int t = catalog.track(trackId);
        return t < 0 ? List.of() : catalog.genreNamesOf(t);
    }

    @Override
    public List<String> artistGenres(String artistKey) {
        return artistGenres == null ? catalog.artistTableGenres(artistKey) : artistGenres.getOrDefault(artistKey, List.of());
    }
}

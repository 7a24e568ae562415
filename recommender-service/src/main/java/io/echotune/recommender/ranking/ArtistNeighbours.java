package io.echotune.recommender.ranking;

import java.util.ArrayList;
import java.util.List;

/**
 * Catalog artists that resemble a given artist by their genre tags (idf-weighted cosine): a candidate source of the
 * ranking and the "shares the tag ..." facts of its explanations. The neighbours of a profile's top artists depend on
 * the profile alone, so they are computed once per profile and kept with it ({@link TasteProfile#neighbours}).
 */
final class ArtistNeighbours {

    private static final int ARTIST_ANCHORS = 20;
    private static final int SIMILAR_ARTISTS_PER_ANCHOR = 25;
    private static final double MIN_ARTIST_SIMILARITY = 0.35;
    private static final int BROAD_GENRE_ARTISTS = 4000;

    private ArtistNeighbours() {
    }

    /** A user's (or an asked-for) artist whose genre neighbours are candidates. */
    record Anchor(String name, float weight, int catalogArtist, int[] genres, boolean seed, int streams) {
    }

    /**
     * The genre neighbours of a profile's top artists: they depend on the profile alone, so they are computed once per
     * profile (and catalog) and kept with it. {@code anchor} indexes {@code anchors}.
     */
    record ProfileNeighbours(List<Anchor> anchors, int[] artists, float[] score, int[] anchor) {
    }

    /** The top artists of a profile and, for each catalog artist resembling one of them, the best score and anchor. */
    static ProfileNeighbours profileNeighbours(CatalogIndex c, TasteProfile p, RankingWorkspace w) {
        List<Anchor> anchors = new ArrayList<>();
        for (TasteProfile.ArtistTaste a : p.topArtists()) {
            if (anchors.size() >= ARTIST_ANCHORS) {
                break;
            }
            anchors.add(new Anchor(a.name(), a.affinity(), a.catalogArtist(), a.genres(), false, a.streams()));
        }
        java.util.Map<Integer, float[]> best = new java.util.TreeMap<>();
        for (int ai = 0; ai < anchors.size(); ai++) {
            Anchor anchor = anchors.get(ai);
            for (float[] similar : similarArtists(c, anchor, w)) {
                int b = (int) similar[0];
                float score = anchor.weight() * similar[1];
                float[] current = best.get(b);
                if (current == null || score > current[0]) {
                    best.put(b, new float[] {score, ai});
                }
            }
        }
        int[] artists = new int[best.size()];
        float[] score = new float[best.size()];
        int[] anchor = new int[best.size()];
        int i = 0;
        for (java.util.Map.Entry<Integer, float[]> e : best.entrySet()) {
            artists[i] = e.getKey();
            score[i] = e.getValue()[0];
            anchor[i] = (int) e.getValue()[1];
            i++;
        }
        return new ProfileNeighbours(List.copyOf(anchors), artists, score, anchor);
    }

    /** The best similar catalog artists of one anchor: {artist, similarity}, best first, ties by number. */
    static List<float[]> similarArtists(CatalogIndex c, Anchor anchor, RankingWorkspace w) {
        float[] dot = w.dot;
        int[] touched = w.touched;
        double norm = 0;
        int touchedCount = 0;
        for (int g : anchor.genres()) {
            double idf = c.genreIdf(g);
            norm += idf * idf;
            CatalogIndex.Csr ga = c.genreArtists();
            if (ga.size(g) > BROAD_GENRE_ARTISTS) {
                continue;   // a tag half the catalog carries says nothing about resemblance
            }
            for (int i = ga.start(g); i < ga.end(g); i++) {
                int b = ga.value(i);
                if (dot[b] == 0) {
                    touched[touchedCount++] = b;
                }
                dot[b] += (float) (idf * idf);
            }
        }
        norm = Math.sqrt(norm);
        List<float[]> similar = new ArrayList<>();
        for (int x = 0; x < touchedCount; x++) {
            int b = touched[x];
            double sim = norm > 0 && c.artistGenreNorm(b) > 0 ? dot[b] / (norm * c.artistGenreNorm(b)) : 0;
            dot[b] = 0;
            if (b != anchor.catalogArtist() && sim >= MIN_ARTIST_SIMILARITY) {
                similar.add(new float[] {b, (float) sim});
            }
        }
        similar.sort((u, v) -> u[1] != v[1] ? Float.compare(v[1], u[1]) : Float.compare(u[0], v[0]));
        return similar.subList(0, Math.min(SIMILAR_ARTISTS_PER_ANCHOR, similar.size()));
    }
}

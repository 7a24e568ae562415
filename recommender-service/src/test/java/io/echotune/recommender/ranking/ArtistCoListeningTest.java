package io.echotune.recommender.ranking;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The artist co-listening model on a hand-made set of baskets, with every similarity computed by hand, and its
 * privacy rule: a pair is used and named only when at least {@link #MIN_SUPPORT} baskets besides the asker's hold both.
 * <pre>
 *   baskets: 5 x {A, B}, 1 x {A, B, C}, 4 x {A, C}, 2 x {C}
 *   n(A) = 10, n(B) = 6, n(C) = 7;  c(A,B) = 6, c(A,C) = 5, c(B,C) = 1
 *   s(A,B) = 6 / (sqrt(10 * 6) + 10) = 0.338105     s(A,C) = 5 / (sqrt(10 * 7) + 10) = 0.272233
 *   B-C: one basket, below the threshold: no neighbours
 * </pre>
 */
class ArtistCoListeningTest {

    static final int MIN_SUPPORT = 5;
    static final double SHRINKAGE = 10.0;

    static final CatalogIndex CATALOG = catalogOf("Artist A", "Artist B", "Artist C", "Artist D");
    static final int A = CATALOG.artist("artist a");
    static final int B = CATALOG.artist("artist b");
    static final int C = CATALOG.artist("artist c");

    static CatalogIndex catalogOf(String... artists) {
        CatalogIndex.Builder builder = CatalogIndex.builder(1);
        for (int i = 0; i < artists.length; i++) {
            double[] features = new double[FeatureSpace.DIMENSIONS];
            Arrays.fill(features, 0.5);
            builder.add(new CatalogEntry("track" + i, "Song " + i, List.of(artists[i]), "Album", List.of("pop"),
                    features, 50, 200_000L, false, null, List.of()));
        }
        return builder.build();
    }

    static ArtistCoListening createDefaultModel() {
        ArtistCoListening.Builder builder = ArtistCoListening.builder(CATALOG, MIN_SUPPORT);
        for (int i = 0; i < 5; i++) {
            builder.basket(new int[] {A, B});
        }
        builder.basket(new int[] {A, B, C});
        for (int i = 0; i < 4; i++) {
            builder.basket(new int[] {A, C});
        }
        builder.basket(new int[] {C});
        builder.basket(new int[] {C});
        return builder.build(50, SHRINKAGE, 0);
    }

    static int[] neighbours(ArtistCoListening model, int artist) {
        int[] out = new int[model.neighboursEnd(artist) - model.neighboursStart(artist)];
        for (int i = 0; i < out.length; i++) {
            out[i] = model.neighbour(model.neighboursStart(artist) + i);
        }
        return out;
    }

    static int position(ArtistCoListening model, int anchor, int neighbour) {
        for (int i = model.neighboursStart(anchor); i < model.neighboursEnd(anchor); i++) {
            if (model.neighbour(i) == neighbour) {
                return i;
            }
        }
        throw new AssertionError("not a neighbour");
    }

    @Test
    void similaritiesAreTheShrunkCosineOfBasketCounts() {
        ArtistCoListening model = createDefaultModel();
        assertArrayEquals(new int[] {B, C}, neighbours(model, A), "most similar first");
        assertEquals(0.338105, model.similarity(A, position(model, A, B), false), 1e-6);
        assertEquals(0.272233, model.similarity(A, position(model, A, C), false), 1e-6);
        assertEquals(0.338105, model.similarity(B, position(model, B, A), false), 1e-6, "symmetric");
        assertEquals(6, model.otherBaskets(position(model, A, B), false));
        assertEquals(12, model.baskets());
    }

    @Test
    void aPairHeldByFewerThanFiveBasketsIsNoNeighbour() {
        ArtistCoListening model = createDefaultModel();
        assertArrayEquals(new int[] {A}, neighbours(model, B), "B and C share one basket");
        assertArrayEquals(new int[] {A}, neighbours(model, C));
    }

    @Test
    void theAskersOwnBasketIsLeftOutOfWhatTheySee() {
        ArtistCoListening model = createDefaultModel();
        // the asker's basket holds A and B: five others remain, and the similarity is learned without them
        int ab = position(model, A, B);
        assertEquals(5, model.otherBaskets(ab, true));
        assertEquals(5 / (Math.sqrt(9 * 5) + SHRINKAGE), model.similarity(A, ab, true), 1e-6);
        // the asker's basket holds A and C: four others are too few, so the pair is neither used nor named
        int ac = position(model, A, C);
        assertEquals(0, model.otherBaskets(ac, true));
        assertEquals(0f, model.similarity(A, ac, true));
        assertEquals(5, model.otherBaskets(ac, false), "someone else sees the five baskets");
    }

    @Test
    void anArtistOutsideTheCatalogIsAnAnchorButNeverANeighbour() {
        ArtistCoListening.Builder builder = ArtistCoListening.builder(CATALOG, MIN_SUPPORT);
        for (int i = 0; i < 5; i++) {
            builder.namedBasket(List.of("Zed Outside", "Artist A"));
        }
        ArtistCoListening model = builder.build(50, SHRINKAGE, 0);
        int zed = model.artist(CATALOG, "zed outside");
        assertEquals(CATALOG.artistCount(), zed, "numbered after the catalog's artists");
        assertArrayEquals(new int[] {A}, neighbours(model, zed));
        assertArrayEquals(new int[0], neighbours(model, A), "only catalog artists are neighbours");
        assertEquals(5 / (Math.sqrt(5 * 5) + SHRINKAGE), model.similarity(zed, position(model, zed, A), false), 1e-6);
    }

    @Test
    void aListenersBasketIsTheArtistsOfTheirTracks() {
        assertArrayEquals(new int[] {A, C}, ArtistCoListening.artistsOf(CATALOG, new int[] {CATALOG.track("track2"),
                CATALOG.track("track0"), CATALOG.track("track0"), -1}));
    }
}

package io.echotune.recommender.ranking;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Co-listening counts public playlists fully and listeners only from k of them up. */
class CoListeningTest {

    @Test
    void oneListenersPairsNeverBecomeNeighbours() {
        CoListening alone = CoListening.build(4, List.of(), List.of(new int[] {0, 1}), 10, 3.0, 2, 0);
        assertEquals(0, alone.neighboursEnd(0) - alone.neighboursStart(0));

        CoListening two = CoListening.build(4, List.of(), List.of(new int[] {0, 1}, new int[] {0, 1, 2}), 10, 3.0, 2, 0);
        assertEquals(1, two.neighboursEnd(0) - two.neighboursStart(0), "0-1 is loved by two listeners; 0-2 by one");
        assertEquals(1, two.neighbour(two.neighboursStart(0)));
        assertEquals(2, two.listeners(0, 1));
    }

    @Test
    void playlistsCountAndSimilarityFollowsTheShrunkCosine() {
        CoListening model = CoListening.build(3, List.of(new int[] {0, 1}, new int[] {0, 1}, new int[] {0, 2}), List.of(),
                10, 3.0, 2, 0);
        // c(0,1) = 2, n(0) = 3, n(1) = 2: 2 / (sqrt(6) + 3)
        assertEquals(2 / (Math.sqrt(6) + 3), model.similarity(model.neighboursStart(0)), 1e-6);
        assertEquals(1, model.neighbour(model.neighboursStart(0)), "the stronger neighbour first");
        assertTrue(model.similarity(model.neighboursStart(0)) > model.similarity(model.neighboursStart(0) + 1));
    }
}

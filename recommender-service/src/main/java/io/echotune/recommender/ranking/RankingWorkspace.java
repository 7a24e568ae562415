package io.echotune.recommender.ranking;

import java.util.BitSet;

/** The arrays of one ranking call that have the catalog's size; cleared at the start of each call. */
final class RankingWorkspace {
    final int tracks;
    final int artists;
    final BitSet excluded;
    final BitSet candidates;
    final BitSet[] fitsFrom;   // per RequestBounds.Relaxation, the tracks that fit only from that step on
    final float[] collaborative;
    final float[] bestContribution;
    final int[] collaborativeAnchor;
    final boolean[] seedArtistTracks;
    final float[] base;
    final float[] ownTrack;
    final float[] neighbourArtistScore;
    final int[] neighbourArtistAnchor;
    final float[] artistCollaborative;
    final int[] artistCollaborativeAnchor;
    final float[] ownArtist;
    final boolean[] knownArtistFlag;
    final float[] dot;
    final int[] touched;
    final float[] distance;
    final int[] histogram;
    final int[] artistUse;

    RankingWorkspace(CatalogIndex c) {
        tracks = c.size();
        artists = c.artistCount();
        excluded = new BitSet(tracks);
        candidates = new BitSet(tracks);
        fitsFrom = new BitSet[RequestBounds.Relaxation.values().length];
        for (int r = 0; r < fitsFrom.length; r++) {
            fitsFrom[r] = new BitSet(tracks);
        }
        collaborative = new float[tracks];
        bestContribution = new float[tracks];
        collaborativeAnchor = new int[tracks];
        seedArtistTracks = new boolean[tracks];
        base = new float[tracks];
        ownTrack = new float[tracks];
        neighbourArtistScore = new float[artists];
        neighbourArtistAnchor = new int[artists];
        artistCollaborative = new float[artists];
        artistCollaborativeAnchor = new int[artists];
        ownArtist = new float[artists];
        knownArtistFlag = new boolean[artists];
        dot = new float[artists];
        touched = new int[artists];
        distance = new float[tracks];
        artistUse = new int[artists];
        histogram = new int[TopK.BUCKETS];
    }

    boolean fits(CatalogIndex c) {
        return tracks == c.size() && artists == c.artistCount();
    }

    void reset() {
        excluded.clear();
        candidates.clear();
        for (BitSet b : fitsFrom) {
            b.clear();
        }
        java.util.Arrays.fill(collaborative, 0f);
        java.util.Arrays.fill(bestContribution, 0f);
        java.util.Arrays.fill(collaborativeAnchor, 0);
        java.util.Arrays.fill(seedArtistTracks, false);
        java.util.Arrays.fill(ownTrack, Float.NaN);
        java.util.Arrays.fill(neighbourArtistScore, 0f);
        java.util.Arrays.fill(neighbourArtistAnchor, 0);
        java.util.Arrays.fill(artistCollaborative, 0f);
        java.util.Arrays.fill(artistCollaborativeAnchor, -1);
        java.util.Arrays.fill(ownArtist, 0f);
        java.util.Arrays.fill(knownArtistFlag, false);
        // base and distance are written before they are read; dot cleans up after itself
    }
}

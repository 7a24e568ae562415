package io.echotune.playlist.service;

import io.echotune.playlist.PlaylistTrack;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes the next version's track list from the current one and the recommender's candidates for the refined
 * request: a track that still fits (it is among the candidates, and not in a position the prompt asked to swap)
 * keeps its place; every other is replaced by the best-ranked candidate not yet in the playlist. A track is only
 * dropped when no replacement is left. The list then grows with further candidates, or is cut from the end, to the
 * wanted length.
 */
final class TrackSelection {

    private TrackSelection() {
    }

    static List<PlaylistTrack> refine(List<PlaylistTrack> current, List<PlaylistTrack> candidates,
                                      Refinement refinement, int wantedLength) {
        Set<String> fitting = new HashSet<>();
        candidates.forEach(c -> fitting.add(c.trackId()));
        Set<String> present = new HashSet<>();
        current.forEach(t -> present.add(t.trackId()));
        Deque<PlaylistTrack> replacements = new ArrayDeque<>();
        for (PlaylistTrack c : candidates) {
            if (!present.contains(c.trackId())) {
                replacements.add(c);
            }
        }

        int size = current.size();
        int swapFrom = size;
        int swapTo = size;
        if (refinement.swap() != null) {
            int n = Math.min(size, refinement.swap().count());
            swapFrom = refinement.swap().fromEnd() ? size - n : 0;
            swapTo = refinement.swap().fromEnd() ? size : n;
        }
        List<PlaylistTrack> next = new ArrayList<>(Math.max(size, wantedLength));
        for (int i = 0; i < size; i++) {
            PlaylistTrack track = current.get(i);
            boolean swapped = i >= swapFrom && i < swapTo;
            // A positional swap leaves the other tracks alone; otherwise a track stays only while it still fits.
            boolean stays = refinement.swap() != null ? !swapped : fitting.contains(track.trackId());
            if (stays) {
                next.add(track);
            } else if (!replacements.isEmpty()) {
                next.add(replacements.poll());
            } else if (!swapped) {
                next.add(track); // nothing better to offer: keep it rather than shrink the playlist
            }
        }
        while (next.size() < wantedLength && !replacements.isEmpty()) {
            next.add(replacements.poll());
        }
        List<PlaylistTrack> sized = next.size() > wantedLength ? next.subList(0, wantedLength) : next;
        List<PlaylistTrack> numbered = new ArrayList<>(sized.size());
        for (PlaylistTrack t : sized) {
            numbered.add(t.at(numbered.size() + 1));
        }
        return numbered;
    }
}

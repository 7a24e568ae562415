package io.echotune.recommender.ranking;

import java.util.List;

/**
 * A user's taste as stored in {@code taste_profiles}: the accumulator (decayed sums and counts), the latest feedback
 * per track, the listening events already applied, and bookkeeping. {@code version} grows with every write and
 * guards against lost updates (optimistic concurrency); {@code loved} is what the co-listening model reads.
 */
public record StoredProfile(String userId, long version, long builtAt, long historyRecords, TasteAccumulator taste,
                            List<TasteProfile.Mark> feedback, List<String> appliedEvents, List<String> loved) {

    public StoredProfile {
        feedback = List.copyOf(feedback);
        appliedEvents = List.copyOf(appliedEvents);
        loved = List.copyOf(loved);
    }

    public static StoredProfile empty(String userId, long halfLifeMs) {
        return new StoredProfile(userId, 0, 0, 0, new TasteAccumulator(halfLifeMs), List.of(), List.of(), List.of());
    }
}

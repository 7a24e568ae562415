package io.echotune.recommender.service;

import io.echotune.recommender.RecommenderExport;
import io.echotune.recommender.repository.FeedbackRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the recommender holds of a user, erased on {@code user.deleted} and exported on request (docs/privacy.md): the
 * taste profile (MongoDB {@code taste_profiles} and its version) and the feedback ({@code recommendation_feedback},
 * which is also the outbox of {@code feedback.recorded}). The co-listening model, learnt from every profile, is
 * re-learnt after an erasure, so the user's loved tracks leave it too.
 */
@ApplicationScoped
public class UserDataService {

    private final ProfileService profiles;
    private final FeedbackRepository feedback;
    private final ModelService model;

    public UserDataService(ProfileService profiles, FeedbackRepository feedback, ModelService model) {
        this.profiles = profiles;
        this.feedback = feedback;
        this.model = model;
    }

    /** Idempotent: erasing an erased user changes nothing. */
    public Uni<Void> erase(String userId) {
        return profiles.erase(userId);
    }

    public Multi<RecommenderExport.FeedbackGiven> feedback(String userId) {
        return feedback.streamByUser(userId).map(f -> new RecommenderExport.FeedbackGiven(f.feedbackId(), f.trackId(),
                f.signal().wireName(), f.requestId(), f.receivedAt()));
    }

    public Uni<RecommenderExport.Taste> taste(String userId) {
        return model.snapshot().flatMap(snapshot -> profiles.profileFor(userId, snapshot.catalog()))
                .map(profile -> new RecommenderExport.Taste(profile.musicPlays(), profile.topArtists().stream()
                        .map(a -> new RecommenderExport.ArtistAffinity(a.name(), a.affinity(), a.streams()))
                        .toList()));
    }
}

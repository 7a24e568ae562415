package io.echotune.recommender;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The recommender's part of a user's data export (docs/privacy.md): feedback as given, and the learnt taste. */
public final class RecommenderExport {

    private RecommenderExport() {
    }

    /** One feedback as stored ({@code feedback.json}). */
    @RegisterForReflection
    public record FeedbackGiven(UUID feedbackId, String trackId, String signal, String requestId, Instant receivedAt) {
    }

    /** What the taste model learnt from the history and feedback ({@code taste-profile.json}). */
    @RegisterForReflection
    public record Taste(long musicPlays, List<ArtistAffinity> topArtists) {
    }

    @RegisterForReflection
    public record ArtistAffinity(String artist, float affinity, int streams) {
    }
}

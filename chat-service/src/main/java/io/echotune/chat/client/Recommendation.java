package io.echotune.chat.client;

import io.echotune.chat.ShownTrack;

import java.util.List;

/** The recommender's answer: its id for the list (feedback can name it) and the tracks in rank order. */
public record Recommendation(String requestId, List<ShownTrack> tracks) {
}

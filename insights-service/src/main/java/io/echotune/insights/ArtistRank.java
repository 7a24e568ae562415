package io.echotune.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One artist in a top list: streams (plays of >= 30 s) and all time played. */
@RegisterForReflection
public record ArtistRank(String artist, long streams, long msPlayed) {
}

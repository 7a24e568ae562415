package io.echotune.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One genre in a top list; a track with several genres counts fully for each of them. */
@RegisterForReflection
public record GenreRank(String genre, long streams, long msPlayed) {
}

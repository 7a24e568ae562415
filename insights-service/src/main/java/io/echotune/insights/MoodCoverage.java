package io.echotune.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** How much of what was played the catalog has features for; the mood figures describe only that part. */
@RegisterForReflection
public record MoodCoverage(long records, long recordsWithFeatures, long tracks, long tracksWithFeatures,
                           double recordShare) {
}

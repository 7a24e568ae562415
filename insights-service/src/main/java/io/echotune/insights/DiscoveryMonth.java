package io.echotune.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Artists and tracks first heard in a month ({@code yyyy-MM} in the requested zone). "First" looks at the user's
 * whole music history, not just the window; the window selects which months are listed.
 */
@RegisterForReflection
public record DiscoveryMonth(String month, long newArtists, long newTracks) {
}

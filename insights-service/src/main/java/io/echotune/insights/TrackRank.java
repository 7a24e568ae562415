package io.echotune.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One track in a top list. A track is one {@code trackKey}: its Spotify URI, or for basic-export records without
 * one, the normalised artist and title ({@code trackUri} is null then). Where records of one track disagree on
 * names, the alphabetically first is shown.
 */
@RegisterForReflection
public record TrackRank(String trackUri, String track, String artist, long streams, long msPlayed) {
}

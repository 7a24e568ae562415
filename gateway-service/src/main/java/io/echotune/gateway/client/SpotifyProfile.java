package io.echotune.gateway.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The parts of Spotify's current-user profile that sign-in needs. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record SpotifyProfile(@JsonProperty("id") String id, @JsonProperty("display_name") String displayName) {
}

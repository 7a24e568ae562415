package io.echotune.gateway.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Spotify's token response, as its accounts service sends it. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record SpotifyTokens(@JsonProperty("access_token") String accessToken,
                            @JsonProperty("token_type") String tokenType,
                            @JsonProperty("scope") String scope,
                            @JsonProperty("expires_in") long expiresIn,
                            @JsonProperty("refresh_token") String refreshToken) {
}

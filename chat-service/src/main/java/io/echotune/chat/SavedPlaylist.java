package io.echotune.chat;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.UUID;

/** A playlist a turn saved through the playlist service (API.md "Chat": {@code playlist} in a message). */
@RegisterForReflection
public record SavedPlaylist(UUID playlistId, String name, int version, int trackCount) {
}

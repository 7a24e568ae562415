package io.echotune.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** The newest {@code limit} sessions of the window, newest first, and how many there are in all. */
@RegisterForReflection
public record SessionList(long totalSessions, List<ListeningSession> items) {
}

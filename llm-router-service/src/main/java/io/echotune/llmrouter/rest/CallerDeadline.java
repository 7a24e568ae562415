package io.echotune.llmrouter.rest;

import java.time.Duration;

/**
 * How long the caller waits for an answer, from its {@value #HEADER} header (milliseconds). The chat service sends
 * a little less than its own timeout, so that a hanging provider is given up here in time for the offline
 * interpreter or composer to answer. Absent or unreadable means the router's own deadline applies.
 */
final class CallerDeadline {

    static final String HEADER = "X-Echotune-Deadline-Ms";

    private CallerDeadline() {
    }

    /** The caller's deadline, or null when the header is absent, not a whole number, or not positive. */
    static Duration parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long ms = Long.parseLong(header.strip());
            return ms > 0 ? Duration.ofMillis(ms) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package io.echotune.gateway;

import java.time.Duration;
import java.time.Instant;

/**
 * The gateway's rate limits count in fixed windows aligned to the epoch (RateLimitStore: a minute window is a
 * wall-clock minute). A test that makes requests up to a per-minute limit and expects the next one refused must make
 * them all in one window; when they straddle a minute's end the counter starts again and the "over the limit" request
 * is allowed. So such a test first waits, if needed, until the current minute has enough time left.
 */
final class RateWindows {

    private RateWindows() {
    }

    /** Returns once the current minute window has at least {@code room} left (waits at most that long). */
    static void awaitMinuteWithRoom(Duration room) {
        long left = 60 - Instant.now().getEpochSecond() % 60;
        if (left < room.toSeconds()) {
            try {
                Thread.sleep(Duration.ofSeconds(left).plusMillis(100).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}

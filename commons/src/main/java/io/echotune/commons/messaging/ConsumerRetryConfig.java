package io.echotune.commons.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How every event consumer of the fleet waits out a store outage ({@link UntilStored}). */
@ConfigMapping(prefix = "echotune.consumer")
public interface ConsumerRetryConfig {

    /** First wait before an event whose store work failed is tried again; it doubles each time. */
    @WithDefault("500ms")
    Duration retryInitialBackoff();

    /** Longest wait between two tries of the same event: the event is retried until its work is done. */
    @WithDefault("30s")
    Duration retryMaxBackoff();

    /** Failed tries in a row after which the readiness check event-consumers reports the consumer DOWN. */
    @WithDefault("3")
    int stalledAfterAttempts();
}

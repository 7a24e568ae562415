package io.echotune.recommender.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for something that happens asynchronously (an event consumed, a model loaded) by polling, with a generous
 * deadline that only bounds a broken run: no test asserts on how long anything takes.
 */
public final class TestWaits {

    public static final Duration DEADLINE = Duration.ofMinutes(3);

    private TestWaits() {
    }

    public static void untilTrue(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Gave up waiting for: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for: " + what);
            }
        }
    }
}

package io.echotune.recommender.service;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A value that becomes known once (the first model load) which many callers wait for, and tasks that must run only
 * after it. A waiting caller that gives up (its request cancelled or timed out) must not cancel the value for
 * everyone: each waiter gets its own copy of the future, never the shared one.
 */
final class FirstLoad<T> {

    private final CompletableFuture<T> value = new CompletableFuture<>();
    private final List<Runnable> waitingTasks = new ArrayList<>();   // guarded by itself

    /** Sets the value and answers the tasks that waited for it (to run by the caller); empty if it was already set. */
    List<Runnable> complete(T loaded) {
        synchronized (waitingTasks) {
            if (!value.complete(loaded)) {
                return List.of();
            }
            List<Runnable> tasks = List.copyOf(waitingTasks);
            waitingTasks.clear();
            return tasks;
        }
    }

    /** Keeps the task for {@link #complete}; false if the value is already known (the caller runs it itself). */
    boolean runAfter(Runnable task) {
        synchronized (waitingTasks) {
            if (value.isDone()) {
                return false;
            }
            waitingTasks.add(task);
            return true;
        }
    }

    /** The value once known; fails with {@code timeout}'s failure if it is not known within {@code wait}. */
    Uni<T> await(Duration wait, Supplier<? extends Throwable> timeout) {
        return Uni.createFrom().completionStage(value::copy).ifNoItem().after(wait).failWith(timeout);
    }

    boolean isDone() {
        return value.isDone();
    }
}

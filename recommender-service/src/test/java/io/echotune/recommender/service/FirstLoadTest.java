package io.echotune.recommender.service;

import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FirstLoadTest {

    @Test
    void aWaiterThatGivesUpDoesNotCancelTheLoadForEveryoneElse() {
        FirstLoad<String> load = new FirstLoad<>();
        List<String> ran = new ArrayList<>();
        assertTrue(load.runAfter(() -> ran.add("profiles rebuilt")));

        // A request that waits and is then cancelled (its client went away) ...
        load.await(Duration.ofMinutes(3), TimeoutException::new)
                .subscribe().withSubscriber(UniAssertSubscriber.create()).cancel();
        // ... and one that times out.
        load.await(Duration.ofMillis(20), TimeoutException::new)
                .subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(Duration.ofSeconds(5)).assertFailedWith(TimeoutException.class);
        assertFalse(load.isDone(), "giving up must not settle the shared load");

        List<Runnable> tasks = load.complete("model");
        tasks.forEach(Runnable::run);
        assertEquals(List.of("profiles rebuilt"), ran, "tasks waiting for the load run once it is loaded");

        assertEquals("model", load.await(Duration.ofSeconds(1), TimeoutException::new)
                .subscribe().withSubscriber(UniAssertSubscriber.create()).awaitItem().getItem());
        assertTrue(load.complete("second").isEmpty(), "the first value stays");
        assertFalse(load.runAfter(() -> ran.add("late")), "once loaded, the caller runs a task itself");
    }
}

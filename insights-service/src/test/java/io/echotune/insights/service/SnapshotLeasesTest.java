package io.echotune.insights.service;

import io.echotune.insights.ListeningSnapshot;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SnapshotLeasesTest {

    private static final SnapshotLeases.Key USER_A_BUILD_1 = SnapshotLeases.Key.storedBuild("a", "b1");
    private static final SnapshotLeases.Key USER_A_BUILD_2 = SnapshotLeases.Key.storedBuild("a", "b2");
    private static final SnapshotLeases.Key USER_B_BUILD_1 = SnapshotLeases.Key.storedBuild("b", "b1");

    /** A snapshot of {@code records} one-minute plays. */
    private static ListeningSnapshot createDefaultSnapshot(int records) {
        SnapshotBuilder builder = new SnapshotBuilder();
        for (int i = 0; i < records; i++) {
            builder.add(SnapshotBuilderTest.play(i * 120_000L, 60_000, "T", "A", "trackdone", false));
        }
        return builder.build();
    }

    private static Supplier<Uni<ListeningSnapshot>> counted(AtomicInteger loads, int records) {
        return () -> {
            loads.incrementAndGet();
            return Uni.createFrom().item(createDefaultSnapshot(records));
        };
    }

    private static int records(SnapshotLeases leases, SnapshotLeases.Key key, Supplier<Uni<ListeningSnapshot>> loader) {
        return leases.use(key, loader, s -> Uni.createFrom().item(s.records()))
                .subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitItem().getItem();
    }

    @Test
    void requestsForTheSameSnapshotAtTheSameTimeShareOneLoad() {
        SnapshotLeases leases = new SnapshotLeases(2, 0);
        AtomicInteger loads = new AtomicInteger();
        CompletableFuture<ListeningSnapshot> load = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Supplier<Uni<ListeningSnapshot>> loader = () -> {
            loads.incrementAndGet();
            return Uni.createFrom().completionStage(load);
        };

        var first = leases.use(USER_A_BUILD_1, loader,
                        s -> Uni.createFrom().completionStage(release).replaceWith(s.records()))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        var second = leases.use(USER_A_BUILD_1, loader, s -> Uni.createFrom().item(s.records()))
                .subscribe().withSubscriber(UniAssertSubscriber.create());

        load.complete(createDefaultSnapshot(1));
        second.awaitItem().assertItem(1);
        release.complete(null);
        first.awaitItem().assertItem(1);
        assertEquals(1, loads.get());
        assertEquals(0, leases.active());
    }

    @Test
    void beyondThePermitsALoadWaitsUntilAnotherLeaseIsReleased() {
        SnapshotLeases leases = new SnapshotLeases(1, 0);
        CompletableFuture<Void> firstDone = new CompletableFuture<>();
        AtomicInteger secondLoads = new AtomicInteger();

        var first = leases.use(USER_A_BUILD_1, () -> Uni.createFrom().item(createDefaultSnapshot(1)),
                        s -> Uni.createFrom().completionStage(firstDone))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        var second = leases.use(USER_B_BUILD_1, counted(secondLoads, 1), s -> Uni.createFrom().item(s.records()))
                .subscribe().withSubscriber(UniAssertSubscriber.create());

        assertEquals(0, secondLoads.get(), "the second snapshot may not be loaded while the first is in use");
        firstDone.complete(null);
        first.awaitItem();
        second.awaitItem().assertItem(1);
        assertEquals(1, secondLoads.get());
        assertEquals(0, leases.active());
    }

    @Test
    void aFailedLoadIsNotSharedWithLaterRequestsAndFreesItsPermit() {
        SnapshotLeases leases = new SnapshotLeases(1, 1_000);
        leases.use(USER_A_BUILD_1, () -> Uni.createFrom().failure(new IllegalStateException("store down")),
                        s -> Uni.createFrom().item(s.records()))
                .subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure().assertFailedWith(IllegalStateException.class, "store down");
        assertEquals(1, records(leases, USER_A_BUILD_1, () -> Uni.createFrom().item(createDefaultSnapshot(1))));
        assertEquals(0, leases.active());
    }

    @Test
    void aStoredBuildIsKeptForTheNextRequestsWithinTheBudget() {
        SnapshotLeases leases = new SnapshotLeases(2, 100);
        AtomicInteger loads = new AtomicInteger();
        assertEquals(10, records(leases, USER_A_BUILD_1, counted(loads, 10)));
        assertEquals(10, records(leases, USER_A_BUILD_1, counted(loads, 10)));
        assertEquals(1, loads.get(), "the second request found the snapshot kept");
        assertEquals(11, leases.keptRecords());
    }

    @Test
    void aNewBuildOfAUserReplacesTheKeptOneAndIsLoadedItself() {
        SnapshotLeases leases = new SnapshotLeases(2, 100);
        AtomicInteger loads = new AtomicInteger();
        records(leases, USER_A_BUILD_1, counted(loads, 10));
        assertEquals(20, records(leases, USER_A_BUILD_2, counted(loads, 20)));
        assertEquals(2, loads.get());
        assertEquals(21, leases.keptRecords(), "only the user's current build is kept");
    }

    @Test
    void theLeastRecentlyUsedGoFirstAndWhatExceedsTheBudgetIsNeverKept() {
        SnapshotLeases leases = new SnapshotLeases(2, 50);
        AtomicInteger loads = new AtomicInteger();
        records(leases, USER_A_BUILD_1, counted(loads, 30));
        records(leases, USER_B_BUILD_1, counted(loads, 30));   // 31 + 31 > 50: a's goes
        assertEquals(31, leases.keptRecords());
        records(leases, USER_A_BUILD_1, counted(loads, 30));
        assertEquals(3, loads.get());

        SnapshotLeases small = new SnapshotLeases(2, 5);
        records(small, USER_A_BUILD_1, counted(loads, 30));
        assertEquals(0, small.keptRecords());
    }

    @Test
    void aBuildFromTheHistoryIsNeverKept() {
        SnapshotLeases leases = new SnapshotLeases(2, 1_000);
        AtomicInteger loads = new AtomicInteger();
        SnapshotLeases.Key build = SnapshotLeases.Key.newBuild("a", "stamp-1");
        records(leases, build, counted(loads, 10));
        records(leases, build, counted(loads, 10));
        assertEquals(2, loads.get());
        assertEquals(0, leases.keptRecords());
    }
}

package io.echotune.localstack;

import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.MVStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * MongoDB wire-protocol stand-in for the local stack (no real mongod can be obtained on our machines).
 * Runs mongo-java-server with its H2 MVStore backend, so data survives restarts, storing documents and index keys
 * in a compact form ({@link StandInDataType}).
 *
 * <p>Usage: {@code MongoStandIn --port 37017 --file /path/mongo.mv.db [--host 127.0.0.1]}.
 * Prints one line starting with {@code MONGO-STAND-IN READY} once it accepts connections. On SIGTERM/SIGINT
 * it stops listening, then commits and closes the H2 store, so nothing written is lost.
 */
public final class MongoStandIn {

    private MongoStandIn() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = -1;
        String file = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> { port = Integer.parseInt(require(args[i], value)); i++; }
                case "--file" -> { file = require(args[i], value); i++; }
                case "--host" -> { host = require(args[i], value); i++; }
                default -> usage("unknown argument: " + args[i]);
            }
        }
        if (port <= 0 || port > 65535) {
            usage("--port is required (1-65535)");
        }
        if (file == null || file.isBlank()) {
            usage("--file is required");
        }
        Path path = Path.of(file).toAbsolutePath();
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }

        // MVStore commits in the background about every second; close() on shutdown writes the rest.
        // Auto-compaction is off: H2 2.3 moves live pages out of sparse chunks and frees those chunks while a
        // cursor may still read the old pages, which fails the read with "Chunk N not found" and has left
        // stores that no longer open (seen here with ~1 GB stores under load; h2database issues 4142, 4383).
        // Without it, only chunks with no live page are freed, and their space is reused only after the
        // retention time, longer than any scan of ours. The price is a file that keeps growing while the stand-in
        // runs (17 GB holding 0.7 GB of live data after a day of benchmark imports), which compactOnStart undoes.
        compactOnStart(path);
        MVStore store = new MVStore.Builder().fileName(path.toString()).autoCompactFillRate(0).open();
        store.setRetentionTime((int) Duration.ofMinutes(10).toMillis());
        StandInBackend backend = new StandInBackend(store);   // documents as BSON; see StandInDataType
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(host, port);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.shutdown();   // stops listening, closes client channels and cursors
            } catch (RuntimeException e) {
                System.err.println("mongo stand-in: error while stopping the server: " + e);
            }
            try {
                backend.close();     // commit + close the H2 store (safe if shutdown() already closed it)
            } catch (RuntimeException e) {
                System.err.println("mongo stand-in: error while closing " + path + ": " + e);
            }
            System.out.println("MONGO-STAND-IN STOPPED (store closed: " + path + ")");
            System.out.flush();
            stopped.countDown();
        }, "mongo-stand-in-shutdown"));

        System.out.println("MONGO-STAND-IN READY on " + host + ":" + port + " (H2 file " + path + ", pid "
                + ProcessHandle.current().pid() + ")");
        System.out.flush();
        stopped.await();
    }

    /** Files smaller than this are left as they are: compacting them would gain little. */
    private static final long COMPACT_ABOVE_BYTES = 128L << 20;

    /**
     * Rewrites the store with its live pages only, before anything reads it (so the "Chunk N not found" race of
     * online compaction cannot happen): into a sibling file, checked to hold exactly as many entries in every map,
     * then moved over the original. Takes seconds per GB of live data. Any failure leaves the original untouched.
     */
    static void compactOnStart(Path path) throws java.io.IOException {
        compactOnStart(path, COMPACT_ABOVE_BYTES);
    }

    static void compactOnStart(Path path, long aboveBytes) throws java.io.IOException {
        if (!Files.exists(path) || Files.size(path) < aboveBytes) {
            return;
        }
        Path compacted = path.resolveSibling(path.getFileName() + ".compacting");
        Files.deleteIfExists(compacted);
        long before = Files.size(path);
        long started = System.nanoTime();
        System.out.printf("mongo stand-in: compacting %s (%d MB)%n", path, before >> 20);
        System.out.flush();
        try {
            org.h2.mvstore.MVStoreTool.compact(path.toString(), compacted.toString(), false);
            java.util.Map<String, Long> expected = entryCounts(path);
            java.util.Map<String, Long> found = entryCounts(compacted);
            if (!expected.equals(found)) {
                throw new IllegalStateException("the compacted copy differs: " + expected + " vs " + found);
            }
            Files.move(compacted, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            System.out.printf("mongo stand-in: compacted %d MB to %d MB in %.1f s%n", before >> 20,
                    Files.size(path) >> 20, (System.nanoTime() - started) / 1e9);
        } catch (RuntimeException e) {
            Files.deleteIfExists(compacted);
            System.err.println("mongo stand-in: compaction skipped, opening the store as it is: " + e);
        }
        System.out.flush();
    }

    private static java.util.Map<String, Long> entryCounts(Path file) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            java.util.Map<String, Long> counts = new java.util.TreeMap<>();
            for (String name : store.getMapNames()) {
                counts.put(name, store.openMap(name).sizeAsLong());
            }
            return counts;
        } finally {
            store.close();
        }
    }

    private static String require(String flag, String value) {
        if (value == null) {
            usage(flag + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("mongo stand-in: " + problem);
        System.err.println("usage: MongoStandIn --port N --file PATH [--host 127.0.0.1]");
        System.exit(2);
    }
}

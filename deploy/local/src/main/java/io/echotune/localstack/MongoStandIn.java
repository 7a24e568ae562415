package io.echotune.localstack;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * MongoDB wire-protocol stand-in for the local stack (no real mongod can be obtained on our machines).
 * Runs mongo-java-server with its H2 MVStore backend, so data survives restarts.
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
        // retention time, longer than any scan of ours. The price is a file with more slack in it.
        MVStore store = new MVStore.Builder().fileName(path.toString()).autoCompactFillRate(0).open();
        store.setRetentionTime((int) Duration.ofMinutes(10).toMillis());
        H2Backend backend = new H2Backend(store);
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

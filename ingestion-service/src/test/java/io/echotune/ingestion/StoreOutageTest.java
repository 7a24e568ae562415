package io.echotune.ingestion;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.echotune.ingestion.ImportFixtures.as;
import static io.echotune.ingestion.ImportFixtures.newUser;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MongoDB out of reach (issue 15): GET /api/v1/history answers a prompt 503 problem with Retry-After, not a 500
 * after 30 s, and recovers by itself when the store is back. The service reaches the real MongoDB through a TCP
 * proxy the test cuts (its listener closed, its connections reset) and restores.
 */
@QuarkusTest
@WithTestResource(StoreOutageTest.MongoProxy.class)
class StoreOutageTest {

    @Test
    void historyAnswersAPrompt503WithRetryAfterWhileMongoIsDownAndRecovers() {
        String user = newUser();
        as(user).when().get("/api/v1/history").then().statusCode(200);

        MongoProxy.PROXY.cut();
        try {
            for (int attempt = 0; attempt < 2; attempt++) {   // the cut pooled connection, then a new one refused
                long started = System.nanoTime();
                as(user).when().get("/api/v1/history")
                        .then().statusCode(503).contentType("application/problem+json")
                        .header("Retry-After", equalTo("5"))
                        .body("status", equalTo(503))
                        .body("detail", containsString("cannot be reached"));
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(millis < 3_500, "answered in " + millis + " ms");
            }
        } finally {
            MongoProxy.PROXY.restore();
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            status = as(user).when().get("/api/v1/history").then().extract().statusCode();
            ImportFixtures.sleep(200);
        }
        assertTrue(status == 200, "history is served again once MongoDB is back (last status " + status + ")");
    }

    /** A plain TCP proxy to the real MongoDB that can be cut and restored on the same port. */
    public static final class MongoProxy implements QuarkusTestResourceLifecycleManager {

        static MongoProxy PROXY;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private String targetHost;
        private int targetPort;
        private int port;
        private volatile ServerSocket listener;

        @Override
        public Map<String, String> start() {
            URI target = URI.create(System.getenv().getOrDefault("ECHOTUNE_MONGODB_URI", "mongodb://localhost:37017"));
            targetHost = target.getHost();
            targetPort = target.getPort();
            try {
                listen(0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            PROXY = this;
            // one connection at a time is enough here and keeps the cut simple
            return Map.of("quarkus.mongodb.connection-string", "mongodb://localhost:" + port + "/?directConnection=true");
        }

        @Override
        public void stop() {
            cut();
        }

        private void listen(int wanted) throws IOException {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("localhost", wanted));
            port = server.getLocalPort();
            listener = server;
            Thread acceptor = new Thread(() -> accept(server), "mongo-proxy-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept(ServerSocket server) {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(targetHost, targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    return;   // closed by cut()
                }
            }
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[64 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException ignored) {
                    // one side closed
                } finally {
                    close(from);
                    close(to);
                }
            }, "mongo-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        /** MongoDB "goes down": nothing listens any more and every open connection is reset. */
        synchronized void cut() {
            ServerSocket server = listener;
            listener = null;
            if (server != null) {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // closed
                }
            }
            sockets.forEach(MongoProxy::close);
            sockets.clear();
        }

        /** MongoDB is back, on the same port. */
        synchronized void restore() {
            try {
                listen(port);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void close(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed
            }
        }
    }
}

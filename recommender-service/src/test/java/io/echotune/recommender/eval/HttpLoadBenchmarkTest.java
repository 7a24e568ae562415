package io.echotune.recommender.eval;

import io.echotune.commons.testing.InternalTokens;
import io.echotune.recommender.support.Stores;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code POST /api/v1/recommendations} under 20 concurrent clients over HTTP (docs/benchmarks.md, "Recommendations"),
 * against a running stack, by hand:
 * <pre>
 *   -Dbench.url=http://localhost:PORT -Dbench.mode=gateway   (local accounts and tokens made through the gateway)
 *   -Dbench.url=http://localhost:PORT -Dbench.mode=direct    (straight to the service with signed internal tokens)
 * </pre>
 * Five of the 20 users get a real history (imported into the stack's MongoDB, profile built through import.completed);
 * the others are new listeners. Each client sends a mix of top-50 requests (plain, each novelty, context, genres, seed
 * artists, targets) in a loop; latencies are measured per request after a warm-up, each until the whole answer is read.
 * <p>
 * The clients run on the same two cores as the fleet, so their own cost counts against it. By default each is a Vert.x
 * HTTP/1.1 client with one connection on a shared two-thread event loop, the way a load generator (wrk, k6) is cheap;
 * {@code -Dbench.client=jdk} uses one JDK {@code HttpClient} per client instead, which spends about 1 ms of CPU per
 * request itself (docs/benchmarks.md has both).
 */
@EnabledIfSystemProperty(named = "bench.url", matches = ".+")
class HttpLoadBenchmarkTest {

    static final int CLIENTS = 20;
    static final int WARM_UP = 100;   // per client: 2,000 requests, so that JIT compilation is over before measuring
    static final int MEASURED = 100;
    static final List<String> BODIES = List.of(
            "{\"count\": 50}",
            "{\"count\": 50, \"novelty\": \"familiar\"}",
            "{\"count\": 50, \"novelty\": \"discover\"}",
            "{\"count\": 50, \"context\": {\"activity\": \"workout\", \"timeOfDay\": \"morning\"}}",
            "{\"count\": 50, \"genres\": [\"indie pop\", \"dance pop\"]}",
            "{\"count\": 50, \"seedArtists\": [\"Lana Del Rey\", \"Soda Stereo\"]}",
            "{\"count\": 50, \"targets\": {\"energy\": {\"max\": 0.4, \"target\": 0.25}}}");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void twentyConcurrentClients() throws Exception {
        String base = System.getProperty("bench.url");
        boolean gateway = !"direct".equals(System.getProperty("bench.mode", "gateway"));
        List<String> tokens = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            if (gateway) {
                JsonPath account = JsonPath.from(send(http, base + "/api/v1/auth/local", null,
                        "{\"displayName\": \"bench-" + i + "\"}").body());
                users.add(account.getString("userId"));
                tokens.add(account.getString("token"));
            } else {
                String user = "bench-" + UUID.randomUUID();
                users.add(user);
                tokens.add(InternalTokens.forUser(user));
            }
        }
        for (int i = 0; i < RecommenderEvaluationTest.HISTORIES.size(); i++) {
            int n = Stores.importHistory(users.get(i), RecommenderEvaluationTest.HISTORIES.get(i));
            Stores.completeImport(users.get(i), n);
            Stores.awaitProfile(users.get(i), n);
        }
        boolean jdk = "jdk".equals(System.getProperty("bench.client"));
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        List<Future<long[]>> runs = new ArrayList<>();
        long started = System.nanoTime();
        long[] measuredFrom = {Long.MAX_VALUE};   // wall clock of the first measured request, for matching CPU samples
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            runs.add(jdk ? pool.submit(() -> jdkClient(base, gateway, tokens.get(client), users.get(client), client, measuredFrom))
                    : vertxClient(vertx, base, gateway, tokens.get(client), users.get(client), client, measuredFrom));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> run : runs) {
            for (long t : run.get()) {
                all.add(t);
            }
        }
        long measuredTo = System.currentTimeMillis();
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s, %d clients, %d measured requests (top-50): p50 %.1f ms | p95 %.1f ms | p99 %.1f ms | "
                        + "max %.1f ms | %.0f requests/s (load average %.1f; measured from %d to %d ms since the epoch)%n",
                (gateway ? "through the gateway" : "direct to the service") + (jdk ? " (JDK clients)" : ""), CLIENTS, sorted.length, at(sorted, 0.5), at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6,
                (CLIENTS * (WARM_UP + MEASURED)) / seconds,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), measuredFrom[0], measuredTo);
        users.forEach(Stores::removeUser);
    }

    /** One client's loop on Vert.x: each request sent when the previous answer has been read whole. */
    private static CompletableFuture<long[]> vertxClient(Vertx vertx, String base, boolean gateway, String token, String user,
                                                         int client, long[] measuredFrom) {
        URI uri = URI.create(base);
        io.vertx.core.http.HttpClient own = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost())
                .setDefaultPort(uri.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1));
        CompletableFuture<long[]> done = new CompletableFuture<>();
        long[] times = new long[MEASURED];
        String[] bearer = {token};
        new Object() {
            void send(int i) {
                if (i == WARM_UP + MEASURED) {
                    own.close();
                    done.complete(times);
                    return;
                }
                if (!gateway && i % 40 == 39) {
                    bearer[0] = InternalTokens.forUser(user);   // internal tokens live 60 s
                }
                if (i == WARM_UP) {
                    synchronized (measuredFrom) {
                        measuredFrom[0] = Math.min(measuredFrom[0], System.currentTimeMillis());
                    }
                }
                long t0 = System.nanoTime();
                own.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/v1/recommendations")
                                .putHeader("Content-Type", "application/json").putHeader("Authorization", "Bearer " + bearer[0]))
                        .compose(request -> request.send(BODIES.get((client + i) % BODIES.size())))
                        .compose(response -> response.body().map(body -> {
                            if (response.statusCode() != 200) {
                                throw new AssertionError("HTTP " + response.statusCode() + ": " + body);
                            }
                            return body;
                        }))
                        .onComplete(answered -> {
                            if (answered.failed()) {
                                done.completeExceptionally(answered.cause());
                                return;
                            }
                            if (i >= WARM_UP) {
                                times[i - WARM_UP] = System.nanoTime() - t0;
                            }
                            send(i + 1);
                        });
            }
        }.send(0);
        return done;
    }

    /**
     * One client's loop on a JDK client of its own, so its own connection, as 20 people would have (one shared JDK
     * client upgrades to h2c and multiplexes every request over one connection).
     */
    private static long[] jdkClient(String base, boolean gateway, String token, String user, int client, long[] measuredFrom)
            throws Exception {
        try (HttpClient own = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            long[] times = new long[MEASURED];
            String bearer = token;
            for (int i = 0; i < WARM_UP + MEASURED; i++) {
                if (!gateway && i % 40 == 39) {
                    bearer = InternalTokens.forUser(user);   // internal tokens live 60 s
                }
                if (i == WARM_UP) {
                    synchronized (measuredFrom) {
                        measuredFrom[0] = Math.min(measuredFrom[0], System.currentTimeMillis());
                    }
                }
                long t0 = System.nanoTime();
                HttpResponse<String> r = send(own, base + "/api/v1/recommendations", bearer, BODIES.get((client + i) % BODIES.size()));
                long took = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
                }
                if (i >= WARM_UP) {
                    times[i - WARM_UP] = took;
                }
            }
            return times;
        }
    }

    private static HttpResponse<String> send(HttpClient client, String url, String bearer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}

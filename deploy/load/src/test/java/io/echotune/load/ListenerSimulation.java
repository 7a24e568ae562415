package io.echotune.load;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.RawFileBodyPart;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Realistic listeners on a running stack, through the gateway as the web app and partner apps call it: each
 * virtual user signs up, imports a real export (../shared/data, extended format), waits for it, then for the rest
 * of the run chats (a recommendation and a refinement), asks for recommendations, reads insights pages and saves a
 * playlist, with think time between steps. A closed model: {@code users} listeners at once for {@code minutes}.
 *
 * <pre>
 *   -Dload.url=http://localhost:8080  -Dload.users=10  -Dload.minutes=5  -Dload.data=../shared/data
 * </pre>
 * Run it with {@code make load} (deploy/load/run.sh), which also records every process's memory before and after.
 */
public class ListenerSimulation extends Simulation {

    private static final String URL = System.getProperty("load.url", "http://localhost:8080");
    private static final int USERS = Integer.getInteger("load.users", 10);
    private static final int MINUTES = Integer.getInteger("load.minutes", 5);
    private static final Path DATA = Path.of(System.getProperty("load.data", "../../../shared/data"));
    /** A real export of about 4,000 records (one year of one listener's extended history). */
    private static final Path EXPORT = DATA.resolve("history/extended/efrrowini/Streaming_History_Audio_2023.json");

    private static final List<String> PROMPTS = List.of(
            "Find me some upbeat indie folk for a rainy afternoon",
            "calm acoustic songs for reading",
            "high energy workout music",
            "a mix between Tame Impala and Daft Punk",
            "sad songs for a long drive at night");
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final HttpProtocolBuilder protocol = http.baseUrl(URL)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .userAgentHeader("echotune-load/1.0")
            .shareConnections();

    /** Sign up (a local account and its token) and import the export; then wait until it completes. */
    private final ChainBuilder signUpAndImport = exec(session -> session.set("n", NEXT.incrementAndGet()))
            .exec(http("sign up").post("/api/v1/auth/local")
                    .body(StringBody("{\"displayName\":\"Load listener #{n}\"}"))
                    .check(status().is(201), jsonPath("$.token").saveAs("token")))
            .exec(http("import").post("/api/v1/imports")
                    .header("Authorization", "Bearer #{token}")
                    .header("Content-Type", "multipart/form-data")
                    .bodyPart(RawFileBodyPart("file", EXPORT.toAbsolutePath().toString())
                            .fileName(EXPORT.getFileName().toString()).contentType("application/json"))
                    .check(status().is(202), jsonPath("$.importId").saveAs("importId")))
            .exec(session -> session.set("importStatus", "QUEUED"))
            .asLongAs(session -> List.of("QUEUED", "RUNNING").contains(session.getString("importStatus"))).on(
                    pause(Duration.ofSeconds(1)).exec(http("import status").get("/api/v1/imports/#{importId}")
                            .header("Authorization", "Bearer #{token}")
                            .check(status().is(200), jsonPath("$.status").saveAs("importStatus"))));

    /** One visit: chat, recommendations, insights, a playlist save. */
    private final ChainBuilder visit = exec(session -> session.set("prompt", PROMPTS.get(
            Math.floorMod(session.getInt("n") + (int) (session.userId() % 7), PROMPTS.size()))))
            .exec(http("chat: new session").post("/api/v1/chat/sessions")
                    .header("Authorization", "Bearer #{token}").body(StringBody("{}"))
                    .check(status().is(201), jsonPath("$.sessionId").saveAs("sessionId")))
            .exec(http("chat: recommend").post("/api/v1/chat/sessions/#{sessionId}/messages")
                    .header("Authorization", "Bearer #{token}")
                    .body(StringBody(session -> "{\"text\":\"" + session.getString("prompt") + "\"}"))
                    .check(status().is(200)))
            .pause(Duration.ofSeconds(2))
            .exec(http("chat: refine").post("/api/v1/chat/sessions/#{sessionId}/messages")
                    .header("Authorization", "Bearer #{token}").body(StringBody("{\"text\":\"make it calmer\"}"))
                    .check(status().is(200)))
            .pause(Duration.ofSeconds(1))
            .exec(http("recommendations").post("/api/v1/recommendations")
                    .header("Authorization", "Bearer #{token}")
                    .body(StringBody(session -> "{\"prompt\":\"" + session.getString("prompt") + "\",\"count\":20}"))
                    .check(status().is(200), jsonPath("$.tracks[*].trackId").findAll().saveAs("trackIds")))
            .pause(Duration.ofSeconds(1))
            .exec(http("insights: summary").get("/api/v1/insights/summary").header("Authorization", "Bearer #{token}")
                    .check(status().is(200)))
            .exec(http("insights: top artists").get("/api/v1/insights/top-artists?limit=10")
                    .header("Authorization", "Bearer #{token}").check(status().is(200)))
            .exec(http("insights: heatmap").get("/api/v1/insights/heatmap?tz=Europe/Berlin")
                    .header("Authorization", "Bearer #{token}").check(status().is(200)))
            .exec(http("insights: discovery").get("/api/v1/insights/discovery")
                    .header("Authorization", "Bearer #{token}").check(status().is(200)))
            .pause(Duration.ofSeconds(1))
            .exec(http("playlist: save").post("/api/v1/playlists")
                    .header("Authorization", "Bearer #{token}")
                    .body(StringBody(session -> "{\"name\":\"Load mix\",\"trackIds\":[\""
                            + String.join("\",\"", session.<String>getList("trackIds")) + "\"]}"))
                    .check(status().is(201)))
            .pause(Duration.ofSeconds(2));

    private final ScenarioBuilder listeners = scenario("listeners")
            .exec(signUpAndImport)
            .during(Duration.ofMinutes(MINUTES)).on(visit);

    {
        if (!Files.isRegularFile(EXPORT)) {
            throw new IllegalStateException("No export at " + EXPORT.toAbsolutePath() + " (set -Dload.data=<shared data dir>)");
        }
        Duration ramp = Duration.ofSeconds(Math.min(30, USERS * 3L));
        // A listener who finished their visits is replaced by a new one (closed model); maxDuration ends the run on
        // time instead of waiting for the replacements' own MINUTES of visits.
        setUp(listeners.injectClosed(
                rampConcurrentUsers(0).to(USERS).during(ramp),
                constantConcurrentUsers(USERS).during(Duration.ofMinutes(MINUTES))))
                .protocols(protocol)
                .maxDuration(ramp.plus(Duration.ofMinutes(MINUTES)));
    }
}

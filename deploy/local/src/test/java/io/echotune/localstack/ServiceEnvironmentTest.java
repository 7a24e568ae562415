package io.echotune.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What stack.sh gives each service on top of the env file ({@code stack.sh service-env <module>}, the same lines
 * start_service exports): two stacks never share ingestion's staged uploads, and every service listens on
 * loopback only. Cheap: the script only reads its configuration, nothing starts.
 */
class ServiceEnvironmentTest {

    private static final List<String> SERVICES = List.of("gateway-service", "chat-service", "llm-router-service",
            "recommender-service", "playlist-service", "ingestion-service", "insights-service");

    @TempDir
    Path tmp;

    @Test
    void twoStacksWithDifferentDataDirsStageIngestionUploadsApart() throws Exception {
        Path devData = tmp.resolve("dev");
        Path testData = tmp.resolve("dev/test");   // as `make test` beside `make up`: inside the other one

        String devStaging = serviceEnv(devData, "ingestion-service").get("ECHOTUNE_INGESTION_STAGING_DIRECTORY");
        String testStaging = serviceEnv(testData, "ingestion-service").get("ECHOTUNE_INGESTION_STAGING_DIRECTORY");

        assertEquals(devData.resolve("ingestion/staging").toString(), devStaging);
        assertEquals(testData.resolve("ingestion/staging").toString(), testStaging);
        assertNotEquals(devStaging, testStaging);
        assertTrue(!testStaging.startsWith(devStaging + "/") && !devStaging.startsWith(testStaging + "/"),
                "neither staging dir may hold the other");
        assertEquals(devData.resolve("ingestion/uploads").toString(),
                serviceEnv(devData, "ingestion-service").get("QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY"),
                "uploads land beside the staging dir (same file system: a rename, not a copy)");
    }

    @Test
    void everyServiceListensOnLoopbackOnly() throws Exception {
        for (String service : SERVICES) {
            assertEquals("127.0.0.1", serviceEnv(tmp, service).get("QUARKUS_HTTP_HOST"), service);
        }
    }

    private static Map<String, String> serviceEnv(Path dataDir, String module) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "stack.sh", "service-env", module)
                .redirectErrorStream(true);
        pb.environment().put("ECHOTUNE_DATA_DIR", dataDir.toString());
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stack.sh service-env did not end");
        assertEquals(0, process.exitValue(), "stack.sh service-env " + module + " failed:\n" + out);
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}

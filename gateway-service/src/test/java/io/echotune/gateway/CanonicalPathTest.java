package io.echotune.gateway;

import io.echotune.gateway.routing.CanonicalPath;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalPathTest {

    @Test
    void plainPathsAreCanonical() {
        for (String path : List.of("/", "/chat", "/api/v1/me", "/api/v1/me/tokens/3f1c2a8e-1b2c-4d5e-8f90-123456789abc",
                "/shared/Ab-cD_9xYz", "/assets/index-D4fG7h.js", "/q/health/ready", "/api/v1/insights/year/2024")) {
            assertTrue(CanonicalPath.problemWith(path).isEmpty(), path);
        }
    }

    @Test
    void everySpellingALenientReaderWouldFoldIsRefused() {
        for (String path : List.of("", "api/v1/me", "/api/v1/me;a=b", "/api/v1/m%65", "/api/v1/me/", "/api//v1/me",
                "/api/v1/./me", "/api/v1/x/../me", "/api/v1/me/..", "/API/v1/me", "/api/V1/me", "/api/v1/Me",
                "/Auth/spotify", "/api/v1\\me", "/api/v1/m\u00e9", "/api/v1/me\u0000", "/api/v1/me tokens")) {
            assertFalse(CanonicalPath.problemWith(path).isEmpty(), path);
        }
    }
}

package io.echotune.commons.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.health.ConsumerStalls;
import io.echotune.commons.messaging.ConsumerRetryConfig;
import io.echotune.commons.messaging.UntilStored;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErasureEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ERASURE = UUID.fromString("6b1f3f0e-8c55-4a0e-9d1c-2f4f1a7c9e01");
    private static final String USER = "0b6f2c1e-0000-4000-8000-000000000001";
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aUserDeletedEventReadsBackAsTheRequestItWasMadeFor() throws Exception {
        String event = ErasureEvents.userDeleted(JSON, ERASURE, USER, AT);
        JsonNode node = JSON.readTree(event);
        assertEquals("user.deleted", node.path("type").asText());
        assertEquals(USER, node.path("userId").asText());
        assertEquals(1, node.path("schemaVersion").asInt());
        assertEquals(ERASURE.toString(), node.path("payload").path("erasureId").asText());
        assertEquals(UUID.fromString(node.path("eventId").asText()).toString(), node.path("eventId").asText());

        ErasureEvents.ErasureRequest request = ErasureEvents.readRequest(JSON, event).orElseThrow();
        assertEquals(new ErasureEvents.ErasureRequest(node.path("eventId").asText(), USER, ERASURE, 1), request);
        // the same erasure sent again is the same event
        assertEquals(event, ErasureEvents.userDeleted(JSON, ERASURE, USER, AT));
    }

    @Test
    void aReportNamesItsErasureAndServiceAndIsTheSameEventWhenSentAgain() {
        ErasureEvents.ErasureRequest request = new ErasureEvents.ErasureRequest("e", USER, ERASURE, 1);
        String first = ErasureEvents.completed(JSON, request, "chat", AT);
        String again = ErasureEvents.completed(JSON, request, "chat", AT.plusSeconds(60));
        ErasureEvents.ErasureReport report = ErasureEvents.readReport(JSON, first).orElseThrow();
        assertEquals(ERASURE, report.erasureId());
        assertEquals("chat", report.service());
        assertEquals(USER, report.userId());
        assertEquals(report.eventId(), ErasureEvents.readReport(JSON, again).orElseThrow().eventId());
        assertTrue(ErasureEvents.readRequest(JSON, first).isEmpty(), "a report is not a request");
    }

    @Test
    void messagesThatBreakTheContractAreSkipped() {
        assertTrue(ErasureEvents.readRequest(JSON, "not json").isEmpty());
        assertTrue(ErasureEvents.readRequest(JSON, "[1]").isEmpty());
        assertTrue(ErasureEvents.readRequest(JSON, "{\"type\":\"user.deleted\",\"payload\":{}}").isEmpty());
        assertTrue(ErasureEvents.readReport(JSON, "{\"type\":\"user.erasure.completed\",\"payload\":{\"service\":\"x\"}}").isEmpty());
        // an older user.deleted without an erasure id is still an erasure request
        ErasureEvents.ErasureRequest old = ErasureEvents.readRequest(JSON,
                "{\"eventId\":\"user-deleted-1\",\"type\":\"user.deleted\",\"userId\":\"u1\",\"schemaVersion\":1,\"payload\":{}}")
                .orElseThrow();
        assertEquals(null, old.erasureId());
    }

    @Test
    void aParticipantErasesUntilStoredThenReportsUntilAcknowledged() {
        ErasureParticipant participant = new ErasureParticipant(untilStored(), JSON);
        AtomicInteger erasures = new AtomicInteger();
        AtomicInteger sends = new AtomicInteger();
        List<String> reports = new ArrayList<>();
        String event = ErasureEvents.userDeleted(JSON, ERASURE, USER, AT);

        participant.handle("chat", "chat-erasure", event,
                        user -> erasures.incrementAndGet() < 3 ? Uni.createFrom().failure(new IllegalStateException("store down"))
                                : Uni.createFrom().voidItem(),
                        (key, report) -> {
                            if (sends.incrementAndGet() < 2) {
                                return Uni.createFrom().failure(new IllegalStateException("broker down"));
                            }
                            reports.add(key + " " + report);
                            return Uni.createFrom().voidItem();
                        })
                .await().atMost(Duration.ofSeconds(5));

        assertEquals(3, erasures.get());
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).startsWith(USER + " "), reports.get(0));
        assertEquals("chat", ErasureEvents.readReport(JSON, reports.get(0).substring(USER.length() + 1)).orElseThrow().service());
    }

    @Test
    void otherEventTypesAreIgnored() {
        ErasureParticipant participant = new ErasureParticipant(untilStored(), JSON);
        AtomicInteger erasures = new AtomicInteger();
        participant.handle("chat", "chat-erasure", "{\"type\":\"import.completed\",\"userId\":\"u\"}",
                user -> Uni.createFrom().item(erasures.incrementAndGet()).replaceWithVoid(),
                (key, report) -> Uni.createFrom().voidItem()).await().atMost(Duration.ofSeconds(1));
        assertEquals(0, erasures.get());
    }

    private static UntilStored untilStored() {
        ConsumerRetryConfig config = new ConsumerRetryConfig() {
            public Duration retryInitialBackoff() {
                return Duration.ofMillis(10);
            }

            public Duration retryMaxBackoff() {
                return Duration.ofMillis(20);
            }

            public int stalledAfterAttempts() {
                return 3;
            }
        };
        return new UntilStored(new ConsumerStalls(config), config);
    }
}

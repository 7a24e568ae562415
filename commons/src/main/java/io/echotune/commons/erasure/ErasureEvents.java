package io.echotune.commons.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The fleet's erasure protocol (docs/events.md, docs/privacy.md): the gateway publishes one {@code user.deleted} per
 * erasure on {@code echotune.user-events}; every service that holds user data erases it and answers with one
 * {@code user.erasure.completed} naming itself on {@code echotune.erasure-reports}, which the gateway counts into the
 * erasure's status. Reports have a topic of their own so that only the gateway may write {@code user-events}: a
 * service's Kafka credential can then at worst report an erasure done, never ask the fleet to erase someone. It
 * lives here, once, because every service speaks both sides of the same small contract; the gateway owns it.
 */
public final class ErasureEvents {

    public static final String USER_EVENTS_TOPIC = "echotune.user-events";
    public static final String REPORTS_TOPIC = "echotune.erasure-reports";
    public static final String USER_DELETED = "user.deleted";
    public static final String ERASURE_COMPLETED = "user.erasure.completed";
    public static final int SCHEMA_VERSION = 1;

    private static final Logger LOG = Logger.getLogger(ErasureEvents.class);

    private ErasureEvents() {
    }

    /**
     * A {@code user.deleted} event as a service reads it. {@code erasureId} is null in events sent before erasures were
     * tracked (nothing to report then).
     */
    public record ErasureRequest(String eventId, String userId, UUID erasureId, Integer schemaVersion) {
    }

    /** A {@code user.erasure.completed} event as the gateway reads it. */
    public record ErasureReport(String eventId, String userId, UUID erasureId, String service) {
    }

    /** The envelope's type, or empty for a message that is not a JSON object. */
    public static Optional<String> typeOf(ObjectMapper json, String message) {
        return read(json, message).map(node -> node.path("type").asText(""));
    }

    /**
     * The message as a {@code user.deleted}, or empty when it is another type, or breaks the contract (not JSON, no
     * user id: logged as an error, since retrying could not mend it).
     */
    public static Optional<ErasureRequest> readRequest(ObjectMapper json, String message) {
        Optional<JsonNode> event = read(json, message).filter(node -> USER_DELETED.equals(node.path("type").asText()));
        if (event.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = event.get();
        String userId = node.path("userId").asText("");
        if (userId.isBlank()) {
            LOG.errorf("user.deleted event %s has no userId; skipped", node.path("eventId").asText());
            return Optional.empty();
        }
        Integer version = node.path("schemaVersion").isInt() ? node.path("schemaVersion").asInt() : null;
        return Optional.of(new ErasureRequest(node.path("eventId").asText(null), userId,
                uuid(node.path("payload").path("erasureId").asText(null)), version));
    }

    /** The message as a {@code user.erasure.completed}, or empty when it is another type or breaks the contract. */
    public static Optional<ErasureReport> readReport(ObjectMapper json, String message) {
        Optional<JsonNode> event = read(json, message).filter(node -> ERASURE_COMPLETED.equals(node.path("type").asText()));
        if (event.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = event.get();
        JsonNode payload = node.path("payload");
        UUID erasureId = uuid(payload.path("erasureId").asText(null));
        String service = payload.path("service").asText("");
        if (erasureId == null || service.isBlank()) {
            LOG.errorf("user.erasure.completed event %s has no erasureId or service; skipped", node.path("eventId").asText());
            return Optional.empty();
        }
        return Optional.of(new ErasureReport(node.path("eventId").asText(null), node.path("userId").asText(null),
                erasureId, service));
    }

    /** The {@code user.deleted} event of one erasure; its id is derived from the erasure's, so a re-send is the same. */
    public static String userDeleted(ObjectMapper json, UUID erasureId, String userId, Instant occurredAt) {
        ObjectNode payload = json.createObjectNode().put("erasureId", erasureId.toString());
        return envelope(json, nameUuid(USER_DELETED + ":" + erasureId), USER_DELETED, occurredAt, userId, payload);
    }

    /**
     * {@code service}'s report that it erased everything it held of the request's user. Its id is derived from the
     * erasure and the service: a report sent again (a redelivered request erased again) is the same event.
     */
    public static String completed(ObjectMapper json, ErasureRequest request, String service, Instant occurredAt) {
        ObjectNode payload = json.createObjectNode()
                .put("erasureId", request.erasureId().toString())
                .put("service", service);
        return envelope(json, nameUuid(ERASURE_COMPLETED + ":" + request.erasureId() + ":" + service),
                ERASURE_COMPLETED, occurredAt, request.userId(), payload);
    }

    private static String envelope(ObjectMapper json, UUID eventId, String type, Instant occurredAt, String userId,
                                   ObjectNode payload) {
        ObjectNode event = json.createObjectNode()
                .put("eventId", eventId.toString())
                .put("type", type)
                .put("occurredAt", occurredAt.toString())
                .put("userId", userId)
                .put("schemaVersion", SCHEMA_VERSION);
        event.set("payload", payload);
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An event of plain strings is always JSON", e);
        }
    }

    private static UUID nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<JsonNode> read(ObjectMapper json, String message) {
        if (message == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(message);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            LOG.errorf("Unreadable event skipped: %s", e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private static UUID uuid(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package io.echotune.recommender.messaging;

import io.echotune.commons.messaging.UntilStored;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.recommender.service.ModelService;
import io.echotune.recommender.service.ProfileService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The events the taste model learns from (docs/events.md):
 * <ul>
 *   <li>{@code import.completed} (echotune.import-events): the user's profile rebuild from the whole history is queued;</li>
 *   <li>{@code listening.records} (echotune.listening-events): the batches of a poll are added to the profile at once, one write per user (the rebuild at
 *   the import's end then reconciles with what was stored); a redelivered batch is recognised by its event id;</li>
 *   <li>{@code track.features-resolved} (echotune.track-features): the catalog index is reloaded (debounced), unless
 *   the features came from the catalog for a track the index holds.</li>
 * </ul>
 * ({@code user.deleted} is ErasureConsumer's.) Other types are ignored; an unknown schema version is logged and
 * skipped.
 * A failing store is waited out ({@link UntilStored}): the work of a listening batch or an erasure is retried with
 * back-off until it is done, and only then is the message acknowledged, so no offset is committed before its work
 * (a channel handles one message at a time; later ones wait behind it) and a MongoDB outage delays, never loses.
 */
@ApplicationScoped
public class TasteEventsConsumer {

    static final String IMPORT_COMPLETED = "import.completed";
    static final String LISTENING_RECORDS = "listening.records";
    static final String FEATURES_RESOLVED = "track.features-resolved";
    static final int KNOWN_SCHEMA_VERSION = 1;

    private static final Logger LOG = Logger.getLogger(TasteEventsConsumer.class);
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private final ProfileService profiles;
    private final ModelService model;
    private final ObjectMapper json;
    private final UntilStored untilStored;

    public TasteEventsConsumer(ProfileService profiles, ModelService model, ObjectMapper json, UntilStored untilStored) {
        this.profiles = profiles;
        this.model = model;
        this.json = json;
        this.untilStored = untilStored;
    }

    @Incoming("import-events")
    public Uni<Void> onImportEvent(String message) {
        InboundEvent event = parse(message, IMPORT_COMPLETED);
        if (event == null || !knownVersion(event)) {
            return Uni.createFrom().voidItem();
        }
        // acknowledged at once: a long history must not hold the consumer (the rebuild queue runs it)
        profiles.requestRebuild(event.userId());
        return Uni.createFrom().voidItem();
    }

    /**
     * A poll's worth of {@code listening.records} messages at once: the events of one user are applied in one profile
     * write (an import sends hundreds of batches, and each write replaces a profile of hundreds of kilobytes), in
     * their order, each event still recognised by its id when redelivered.
     */
    @Incoming("listening-events")
    public Uni<Void> onListeningEvents(List<String> messages) {
        Map<String, List<ProfileService.PlaysEvent>> byUser = new LinkedHashMap<>();
        for (String message : messages) {
            ListeningRecordsReader.Listening listening = readListening(message);
            if (listening == null) {
                continue;
            }
            InboundEvent event = new InboundEvent(listening.eventId(), listening.type(), listening.userId(),
                    listening.schemaVersion(), null);
            if (!wanted(event, LISTENING_RECORDS) || !knownVersion(event)) {
                continue;
            }
            if (listening.plays() == null) {
                LOG.errorf("listening.records event %s has no records; skipped", event.eventId());
                continue;
            }
            byUser.computeIfAbsent(event.userId(), u -> new ArrayList<>())
                    .add(new ProfileService.PlaysEvent(event.eventId(), listening.plays()));
        }
        return Multi.createFrom().iterable(byUser.entrySet())
                .onItem().transformToUniAndConcatenate(user -> guarded("listening-events", "listening.records",
                        eventIds(user.getValue()), user.getKey(), () -> profiles.applyPlays(user.getKey(), user.getValue())))
                .collect().last().replaceWithVoid();
    }

    private static String eventIds(List<ProfileService.PlaysEvent> events) {
        return events.stream().map(ProfileService.PlaysEvent::eventId).collect(Collectors.joining(", "));
    }

    @Incoming("track-features")
    public Uni<Void> onTrackFeatures(String message) {
        InboundEvent event = parse(message, FEATURES_RESOLVED);
        if (event != null) {
            JsonNode payload = event.payload();
            model.featuresResolved(payload == null ? null : payload.path("trackId").asText(null),
                    payload == null ? null : payload.path("source").asText(null));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> guarded(String consumer, String type, String eventIds, String userId, Supplier<Uni<Void>> action) {
        return untilStored.run(consumer, type + " event " + eventIds + " for " + userId, action);
    }

    private boolean knownVersion(InboundEvent event) {
        if (event.schemaVersion() == null || event.schemaVersion() != KNOWN_SCHEMA_VERSION) {
            LOG.errorf("%s event %s has unknown schemaVersion %s; skipped", event.type(), event.eventId(), event.schemaVersion());
            return false;
        }
        return true;
    }

    /** The event if it parses and has the wanted type; user events also need a user. */
    private InboundEvent parse(String message, String wantedType) {
        if (message == null) {
            return null;
        }
        InboundEvent event;
        try {
            event = json.readValue(message, InboundEvent.class);
        } catch (JsonProcessingException e) {
            LOG.errorf("Unreadable event skipped: %s", e.getOriginalMessage());
            return null;
        }
        return wanted(event, wantedType) ? event : null;
    }

    private static ListeningRecordsReader.Listening readListening(String message) {
        if (message == null) {
            return null;
        }
        try {
            return ListeningRecordsReader.read(JSON_FACTORY, message);
        } catch (IOException e) {
            LOG.errorf("Unreadable event skipped: %s", e.getMessage());
            return null;
        }
    }

    private static boolean wanted(InboundEvent event, String wantedType) {
        if (!wantedType.equals(event.type())) {
            return false;
        }
        if (!FEATURES_RESOLVED.equals(wantedType) && (event.userId() == null || event.userId().isBlank())) {
            LOG.errorf("%s event %s has no userId; skipped", event.type(), event.eventId());
            return false;
        }
        return true;
    }
}

package io.echotune.recommender.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.echotune.recommender.ranking.Play;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code listening.records} event (docs/events.md) straight into plays with Jackson's streaming API: an
 * import sends every record through here, and databind (a tree, then maps, then plays) was a sixth of the
 * recommender's CPU during one. Lenient: a field of the wrong kind reads as absent; unknown fields are skipped.
 */
final class ListeningRecordsReader {

    /** The envelope's fields and the plays of its records (null when there is no records array). */
    record Listening(String eventId, String type, String userId, Integer schemaVersion, List<Play> plays) {
    }

    private ListeningRecordsReader() {
    }

    /** @throws IOException when the message is not a JSON object */
    static Listening read(JsonFactory factory, String message) throws IOException {
        try (JsonParser p = factory.createParser(message)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected an event object");
            }
            String eventId = null;
            String type = null;
            String userId = null;
            Integer schemaVersion = null;
            List<Play> plays = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "eventId" -> eventId = text(p, value);
                    case "type" -> type = text(p, value);
                    case "userId" -> userId = text(p, value);
                    case "schemaVersion" -> schemaVersion = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
                    case "payload" -> {
                        if (value == JsonToken.START_OBJECT) {
                            plays = readPayload(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return new Listening(eventId, type, userId, schemaVersion, plays);
        }
    }

    private static List<Play> readPayload(JsonParser p) throws IOException {
        List<Play> plays = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("records".equals(field) && value == JsonToken.START_ARRAY) {
                plays = new ArrayList<>();
                for (JsonToken element = p.nextToken(); element != JsonToken.END_ARRAY; element = p.nextToken()) {
                    if (element == JsonToken.START_OBJECT) {
                        plays.add(readPlay(p));
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return plays;
    }

    /** A play with the track URI in trackId until ProfileService.resolve looks it up. */
    private static Play readPlay(JsonParser p) throws IOException {
        String id = null, contentType = null, trackUri = null, trackKey = null, trackName = null, artistName = null;
        String albumName = null;
        String reasonStart = null, reasonEnd = null;
        long playedAt = 0, msPlayed = 0;
        Boolean skipped = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = text(p, value);
                case "playedAt" -> playedAt = number(p, value);
                case "msPlayed" -> msPlayed = number(p, value);
                case "contentType" -> contentType = text(p, value);
                case "trackUri" -> trackUri = text(p, value);
                case "trackKey" -> trackKey = text(p, value);
                case "trackName" -> trackName = text(p, value);
                case "albumName" -> albumName = text(p, value);
                case "artistName" -> artistName = text(p, value);
                case "reasonStart" -> reasonStart = text(p, value);
                case "reasonEnd" -> reasonEnd = text(p, value);
                case "skipped" -> skipped = value == JsonToken.VALUE_TRUE ? Boolean.TRUE
                        : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                default -> p.skipChildren();
            }
        }
        return new Play(id, playedAt, msPlayed, contentType, trackUri, trackName, artistName, reasonStart, reasonEnd,
                skipped, trackKey, albumName);
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static long number(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getLongValue();
        }
        p.skipChildren();
        return 0;
    }
}

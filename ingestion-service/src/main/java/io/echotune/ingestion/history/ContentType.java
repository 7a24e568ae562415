package io.echotune.ingestion.history;

/** What was played. Stored lower-case in listening_history.contentType. */
public enum ContentType {
    MUSIC, PODCAST, AUDIOBOOK, VIDEO;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

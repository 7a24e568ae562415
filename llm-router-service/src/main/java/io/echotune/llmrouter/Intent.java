package io.echotune.llmrouter;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a chat message asks for; the values are fixed by the public API (API.md, "Chat"). */
public enum Intent {
    RECOMMEND, REFINE, CREATE_PLAYLIST, INSIGHT, FEEDBACK, PLAYBACK, HELP, SMALLTALK;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The intent named {@code id} (case-insensitive), or null when there is none. */
    @JsonCreator
    public static Intent fromId(String id) {
        if (id == null) {
            return null;
        }
        for (Intent intent : values()) {
            if (intent.id().equalsIgnoreCase(id.trim())) {
                return intent;
            }
        }
        return null;
    }
}

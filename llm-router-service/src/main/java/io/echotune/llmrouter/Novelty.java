package io.echotune.llmrouter;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How far from the user's known music a request wants to go (API.md, "Recommendations"). */
public enum Novelty {
    FAMILIAR, BALANCED, DISCOVER;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Novelty fromId(String id) {
        if (id == null) {
            return null;
        }
        for (Novelty novelty : values()) {
            if (novelty.id().equalsIgnoreCase(id.trim())) {
                return novelty;
            }
        }
        return null;
    }
}

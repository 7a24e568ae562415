package io.echotune.recommender;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** What a user told us about a recommended track. Stored and sent by its lower-case wire name. */
public enum FeedbackSignal {
    LIKE("like"),
    DISLIKE("dislike"),
    SKIP("skip"),
    SAVE("save");

    private final String wireName;

    FeedbackSignal(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<FeedbackSignal> fromWireName(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(value)).findFirst();
    }
}

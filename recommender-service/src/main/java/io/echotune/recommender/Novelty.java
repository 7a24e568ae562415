package io.echotune.recommender;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How far from the user's known music an answer goes (API.md "Recommendations"). */
public enum Novelty {
    FAMILIAR, BALANCED, DISCOVER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Novelty> fromWireName(String value) {
        return value == null ? Optional.empty()
                : Arrays.stream(values()).filter(n -> n.wireName().equals(value.strip().toLowerCase(Locale.ROOT))).findFirst();
    }
}

package io.echotune.insights;

import io.echotune.commons.problem.ApiException;

/** What a top list is ranked by; ties always break by name, ascending. */
public enum RankOrder {
    MS_PLAYED("msPlayed"),
    STREAMS("streams");

    private final String field;

    RankOrder(String field) {
        this.field = field;
    }

    /** The figure's field name, as in the API and in the aggregation output. */
    public String field() {
        return field;
    }

    /** Reads the {@code by} parameter; absent means msPlayed. */
    public static RankOrder parse(String by) {
        if (by == null || by.isBlank() || by.strip().equals(MS_PLAYED.field)) {
            return MS_PLAYED;
        }
        if (by.strip().equals(STREAMS.field)) {
            return STREAMS;
        }
        throw ApiException.invalidField("by", "must be msPlayed or streams");
    }
}

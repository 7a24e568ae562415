package io.echotune.recommender;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a caller asks of the recommender, as the service layer takes it: the REST request
 * ({@code rest.RecommendationRequest}) mapped at the edge, not yet validated (docs/recommender.md, "Request").
 * Lists and maps are passed through as given (null when not given; an element may be null), so that validation reports
 * exactly what was sent. {@code unknownFields} are the names of fields the caller sent that no request has, in the
 * order sent: validation refuses them, naming the known fields ({@link #FIELDS}).
 */
public record RecommendationQuestion(String prompt, Integer count, List<String> genres, List<String> seedArtists,
                                     List<String> seedTracks, Map<String, Target> targets, Context context,
                                     String novelty, Integer excludePlayedWithinDays, Era era,
                                     List<String> excludeTrackIds, List<String> excludeArtists,
                                     List<String> excludeGenres, List<String> unknownFields) {

    /** The field names of a question, as on the wire. */
    public static final List<String> FIELDS = fieldsOf(RecommendationQuestion.class);

    /** A wanted range of one feature in its own units (ratios 0-1, tempo BPM, loudness dB) and a value to aim for. */
    public record Target(Double min, Double max, Double target, List<String> unknownFields) {
        public static final List<String> FIELDS = fieldsOf(Target.class);
    }

    /** Names from the context table (docs/recommender.md). */
    public record Context(String activity, String mood, String timeOfDay, List<String> unknownFields) {
        public static final List<String> FIELDS = fieldsOf(Context.class);
    }

    /** Release years, inclusive; either side may be left open. */
    public record Era(Integer from, Integer to, List<String> unknownFields) {
        public static final List<String> FIELDS = fieldsOf(Era.class);
    }

    /** A record's field names (its components), less the collector of unknown ones. */
    static List<String> fieldsOf(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .filter(name -> !name.equals("unknownFields")).toList();
    }
}

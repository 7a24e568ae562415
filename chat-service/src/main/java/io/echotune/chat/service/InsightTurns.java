package io.echotune.chat.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echotune.chat.Caller;
import io.echotune.chat.ConversationState;
import io.echotune.chat.InsightAnswer;
import io.echotune.chat.Reading;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * Questions about the user's own listening, answered by the insights service in the user's time zone; the reply
 * states the figures read from its answer, and the message carries the call and the answer as they were.
 */
@ApplicationScoped
public class InsightTurns {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final InsightsService insights;

    public InsightTurns(InsightsService insights) {
        this.insights = insights;
    }

    public Uni<TurnResult> answer(Caller caller, String text, Reading reading, ConversationState state) {
        InsightQueries.Query query = InsightQueries.plan(text, reading, caller.timeZone());
        return insights.read(caller.bearer(), query.endpoint(), query.parameters()).map(answer -> {
            if (!answer.ok()) {
                return new TurnResult("insight", JSON.objectNode().put("error", answer.unavailable()
                        + ", so I couldn't look at your listening"), null, null, null, state, true, List.of());
            }
            Map<String, Object> figures = InsightQueries.figures(query, reading, answer.value());
            ObjectNode facts = JSON.objectNode();
            ObjectNode stated = facts.putObject("figures");
            figures.forEach((label, value) -> {
                switch (value) {
                    case Long l -> stated.put(label, l);
                    case Integer i -> stated.put(label, i);
                    case Double d -> stated.put(label, d);
                    default -> stated.put(label, String.valueOf(value));
                }
            });
            InsightAnswer insight = new InsightAnswer(query.endpoint(), query.parameters(), answer.value(), figures);
            return new TurnResult("insight", facts, null, null, insight, state, false, List.of());
        });
    }
}

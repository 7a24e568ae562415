package io.echotune.llmrouter.ai;

import java.util.List;

/** A model's answer that is not what the operation needs; {@code problems} are phrased for the repair prompt. */
public final class InvalidOutput extends Exception {

    private final List<String> problems;

    public InvalidOutput(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

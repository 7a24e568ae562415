package io.echotune.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a user prefers (API.md "Providers and preferences"); {@code timeZone} is an IANA zone (null: UTC) in which
 * the chat asks insights for hours and days. The gateway owns them and carries them to every
 * service in the internal identity token, so the LLM router, recommender and chat read them without a call back.
 */
@RegisterForReflection
public record Preferences(String llmProvider, String novelty, boolean explicitContent, String timeZone) {

    public static final Preferences DEFAULTS = new Preferences(null, "balanced", true, null);

    /** The token claim: only what is set, so the token stays small. */
    public Map<String, Object> asClaim() {
        Map<String, Object> claim = new LinkedHashMap<>();
        if (llmProvider != null) {
            claim.put("llmProvider", llmProvider);
        }
        claim.put("novelty", novelty);
        claim.put("explicitContent", explicitContent);
        if (timeZone != null) {
            claim.put("timeZone", timeZone);
        }
        return claim;
    }
}

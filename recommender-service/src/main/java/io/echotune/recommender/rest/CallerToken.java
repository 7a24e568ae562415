package io.echotune.recommender.rest;

import io.echotune.commons.identity.InternalToken;
import io.echotune.recommender.Novelty;
import io.echotune.recommender.service.RecommendationService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller's internal token: forwarded as is to the LLM router (which verifies it itself), and the preferences the
 * gateway carries in it ({@code novelty}, {@code explicitContent}).
 */
@RequestScoped
public class CallerToken {

    private final JsonWebToken token;

    public CallerToken(JsonWebToken token) {
        this.token = token;
    }

    String bearer() {
        return token.getRawToken() == null ? null : "Bearer " + token.getRawToken();
    }

    RecommendationService.Preferences preferences() {
        Novelty novelty = null;
        boolean explicit = true;
        if (token.getClaim(InternalToken.PREFERENCES_CLAIM) instanceof JsonObject prefs) {
            if (prefs.get("novelty") instanceof JsonString n) {
                novelty = Novelty.fromWireName(n.getString()).orElse(null);
            }
            JsonValue e = prefs.get("explicitContent");
            explicit = e == null || e.getValueType() != JsonValue.ValueType.FALSE;
        }
        return new RecommendationService.Preferences(novelty, explicit);
    }
}

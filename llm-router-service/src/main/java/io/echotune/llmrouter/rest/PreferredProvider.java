package io.echotune.llmrouter.rest;

import io.echotune.commons.identity.InternalToken;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Which provider a call should try first: the one named in the request (body, then the chat service's header),
 * else the one the user chose in their preferences, which the gateway carries in the identity token.
 */
@RequestScoped
public class PreferredProvider {

    private final JsonWebToken token;

    public PreferredProvider(JsonWebToken token) {
        this.token = token;
    }

    String choose(String fromBody, String fromHeader) {
        if (fromBody != null) {
            return fromBody;
        }
        if (fromHeader != null) {
            return fromHeader;
        }
        Object claim = token.getClaim(InternalToken.PREFERENCES_CLAIM);
        if (claim instanceof JsonObject preferences) {
            JsonValue provider = preferences.get("llmProvider");
            if (provider instanceof JsonString name) {
                return name.getString();
            }
        }
        return null;
    }
}

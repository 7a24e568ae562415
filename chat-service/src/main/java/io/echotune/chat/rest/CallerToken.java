package io.echotune.chat.rest;

import io.echotune.chat.Caller;
import io.echotune.commons.identity.CallerIdentity;
import io.echotune.commons.identity.InternalToken;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The caller as the gateway-signed internal token describes them: the token itself (forwarded as is to the
 * services the chat calls, which verify it and scope by its user) and the preferences it carries
 * ({@code llmProvider}; {@code timeZone} when the gateway sets one, UTC otherwise).
 */
@RequestScoped
public class CallerToken {

    private final JsonWebToken token;
    private final CallerIdentity identity;

    public CallerToken(JsonWebToken token, CallerIdentity identity) {
        this.token = token;
        this.identity = identity;
    }

    Caller caller() {
        String userId = identity.userId();
        String provider = null;
        ZoneId zone = ZoneOffset.UTC;
        if (token.getClaim(InternalToken.PREFERENCES_CLAIM) instanceof JsonObject prefs) {
            if (prefs.get("llmProvider") instanceof JsonString p && !p.getString().isBlank()) {
                provider = p.getString();
            }
            if (prefs.get("timeZone") instanceof JsonString tz) {
                zone = zoneOr(tz.getString(), zone);
            }
        }
        return new Caller(userId, "Bearer " + token.getRawToken(), provider, zone);
    }

    private static ZoneId zoneOr(String id, ZoneId otherwise) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            return otherwise;
        }
    }
}

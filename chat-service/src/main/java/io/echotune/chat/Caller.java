package io.echotune.chat;

import java.time.ZoneId;

/**
 * Who is talking, as the gateway-signed internal token says: the user, the token itself (forwarded as is so every
 * downstream service applies its own per-user isolation), and the preferences it carries.
 */
public record Caller(String userId, String bearer, String preferredProvider, ZoneId timeZone) {
}

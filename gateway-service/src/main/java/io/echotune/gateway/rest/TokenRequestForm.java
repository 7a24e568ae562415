package io.echotune.gateway.rest;

import io.echotune.gateway.service.PartnerTokenService;
import io.echotune.gateway.service.TokenRequestError;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a token request off the wire (RFC 6749 §2.3.1, §3.2, §4.4.2): the form body
 * ({@code application/x-www-form-urlencoded}, UTF-8), and the client's credentials from HTTP Basic (each part
 * form-urlencoded) or from the {@code client_id} and {@code client_secret} fields, never both. A parameter sent twice
 * is refused; one sent without a value counts as left out.
 */
final class TokenRequestForm {

    /** Far more than any real token request; a larger body is refused without parsing it. */
    static final int MAX_BODY_CHARS = 4096;
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String BASIC = "basic ";

    private TokenRequestForm() {
    }

    static PartnerTokenService.TokenRequest read(String contentType, String authorization, String body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).strip().startsWith(FORM)) {
            throw TokenRequestError.invalidRequest("Send the parameters as " + FORM);
        }
        if (body != null && body.length() > MAX_BODY_CHARS) {
            throw TokenRequestError.invalidRequest("The request body is longer than " + MAX_BODY_CHARS + " characters");
        }
        Map<String, String> form = parse(body == null ? "" : body);
        String formId = form.get("client_id");
        String formSecret = form.get("client_secret");
        String clientId = formId;
        String clientSecret = formSecret;
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
                throw TokenRequestError.invalidClient("Only HTTP Basic client authentication is accepted in the Authorization header");
            }
            if (formSecret != null) {
                throw TokenRequestError.invalidRequest("Authenticate the client one way only: HTTP Basic or client_secret, not both");
            }
            String[] basic = basicCredentials(authorization.substring(BASIC.length()).strip());
            if (formId != null && !formId.equals(basic[0])) {
                throw TokenRequestError.invalidRequest("client_id differs from the client of the Authorization header");
            }
            clientId = basic[0];
            clientSecret = basic[1];
        }
        return new PartnerTokenService.TokenRequest(form.get("grant_type"), clientId, clientSecret, form.get("scope"));
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> form = new HashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (form.containsKey(name)) {
                throw TokenRequestError.invalidRequest("'" + name + "' is sent more than once");
            }
            form.put(name, value);
        }
        // parameters sent without a value are treated as left out (§3.1), except scope, whose emptiness is its own error
        form.entrySet().removeIf(e -> e.getValue().isEmpty() && !e.getKey().equals("scope"));
        return form;
    }

    private static String[] basicCredentials(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw TokenRequestError.invalidClient("The Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw TokenRequestError.invalidClient("The Basic credentials are not client_id:client_secret");
        }
        return new String[] {decode(decoded.substring(0, colon)), decode(decoded.substring(colon + 1))};
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw TokenRequestError.invalidRequest("A parameter is not valid form encoding");
        }
    }
}

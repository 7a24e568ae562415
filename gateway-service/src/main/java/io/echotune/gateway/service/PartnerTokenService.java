package io.echotune.gateway.service;

import io.echotune.gateway.PartnerClient;
import io.echotune.gateway.Scope;
import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.repository.PartnerClientEntity;
import io.echotune.gateway.repository.PartnerClientRepository;
import io.echotune.gateway.repository.PartnerTokenStore;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for partner apps, and the check of the opaque access tokens
 * it issues. A token is 256 random bits, kept in Redis only as its SHA-256 with the client id and granted scopes, and
 * expires with its TTL. Every call made with one also reads the client's row, so deleting the client ends all its
 * tokens at once and its current limits always apply.
 */
@ApplicationScoped
public class PartnerTokenService {

    static final String CLIENT_CREDENTIALS = "client_credentials";
    /** Compared against when the client id is unknown, so that both paths hash and compare alike. */
    private static final byte[] NO_SECRET_HASH = new byte[32];

    private final PartnerClientRepository clients;
    private final PartnerTokenStore tokens;
    private final PartnerMetrics metrics;
    private final Duration ttl;

    public PartnerTokenService(PartnerClientRepository clients, PartnerTokenStore tokens, PartnerMetrics metrics,
                               GatewayConfig config) {
        this.clients = clients;
        this.tokens = tokens;
        this.metrics = metrics;
        this.ttl = config.partners().tokenTtl();
    }

    /** A token request as the client sent it: its credentials (from Basic or the form) and the form's fields. */
    public record TokenRequest(String grantType, String clientId, String clientSecret, String scope) {
    }

    /**
     * Issues an access token, or fails with a {@link TokenRequestError}. The request's fields are checked in the
     * order of RFC 6749 §5.2: a malformed request, then the client, then the grant type, then the scope.
     */
    @WithSession
    public Uni<PartnerClient.IssuedToken> issue(TokenRequest request) {
        if (request.grantType() == null) {
            return refused(null, TokenRequestError.invalidRequest("grant_type is required"));
        }
        if (request.clientId() == null || request.clientSecret() == null) {
            return refused(null, TokenRequestError.invalidClient(
                    "Authenticate the client with HTTP Basic or the client_id and client_secret fields"));
        }
        Optional<UUID> id = parseClientId(request.clientId());
        Uni<PartnerClientEntity> found = id.isPresent() ? clients.findById(id.get()) : Uni.createFrom().nullItem();
        return found.chain(client -> {
            if (!secretMatches(client, request.clientSecret())) {
                return refused(client == null ? PartnerMetrics.UNKNOWN_CLIENT : client.id.toString(),
                        TokenRequestError.invalidClient("Unknown client or wrong client secret"));
            }
            String clientId = client.id.toString();
            if (!CLIENT_CREDENTIALS.equals(request.grantType())) {
                return refused(clientId, TokenRequestError.unsupportedGrantType(
                        "Only the client_credentials grant is supported"));
            }
            Set<Scope> allowed = PartnerClientService.scopesOf(client.scopes);
            Set<Scope> granted;
            try {
                granted = grantedScopes(request.scope(), allowed);
            } catch (TokenRequestError e) {
                return refused(clientId, e);
            }
            String scope = String.join(" ", PartnerClientService.names(granted));
            String token = Secrets.newPartnerAccessToken();
            return tokens.save(Secrets.sha256Hex(token), clientId, scope, ttl).map(saved -> {
                metrics.tokenRequest(clientId, "issued");
                return new PartnerClient.IssuedToken(token, ttl.toSeconds(), scope);
            });
        });
    }

    /**
     * The client and scopes a partner access token stands for, or empty when it is not one, has expired, or its
     * client has been deleted.
     */
    @WithSession
    public Uni<Optional<PartnerClient.Grant>> authenticate(String token) {
        if (!Secrets.looksLikePartnerToken(token)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return tokens.find(Secrets.sha256Hex(token)).chain(stored -> {
            if (stored.isEmpty()) {
                return Uni.createFrom().item(Optional.<PartnerClient.Grant>empty());
            }
            Optional<UUID> id = parseClientId(stored.get().clientId());
            if (id.isEmpty()) {
                return Uni.createFrom().item(Optional.<PartnerClient.Grant>empty());
            }
            return clients.findById(id.get()).map(client -> {
                if (client == null) {
                    return Optional.<PartnerClient.Grant>empty();
                }
                // only what was granted and what the client is still allowed
                Set<Scope> scopes = EnumSet.noneOf(Scope.class);
                scopes.addAll(PartnerClientService.scopesOf(stored.get().scopes()));
                scopes.retainAll(PartnerClientService.scopesOf(client.scopes));
                return Optional.of(new PartnerClient.Grant(PartnerClientService.toClient(client), scopes));
            });
        });
    }

    /**
     * RFC 6749 §3.3: the scopes asked for, each one the client may have; no {@code scope} at all means every scope
     * the client is allowed (the documented default).
     */
    static Set<Scope> grantedScopes(String requested, Set<Scope> allowed) {
        if (requested == null) {
            return allowed;
        }
        if (requested.isBlank()) {
            throw TokenRequestError.invalidScope("scope is empty; leave it out to be granted every scope the client is allowed");
        }
        EnumSet<Scope> granted = EnumSet.noneOf(Scope.class);
        for (String name : requested.split(" ", -1)) {
            if (name.isEmpty()) {
                throw TokenRequestError.invalidScope("Scopes are separated by single spaces");
            }
            Optional<Scope> scope = Scope.fromWireName(name).filter(allowed::contains);
            if (scope.isEmpty()) {
                throw TokenRequestError.invalidScope("'" + name + "' is not a scope this client may ask for");
            }
            granted.add(scope.get());
        }
        return granted;
    }

    private <T> Uni<T> refused(String clientId, TokenRequestError error) {
        metrics.tokenRequest(clientId == null ? PartnerMetrics.UNKNOWN_CLIENT : clientId, error.error());
        return Uni.createFrom().failure(error);
    }

    /** Hash and constant-time comparison whether or not the client exists. */
    private static boolean secretMatches(PartnerClientEntity client, String presented) {
        byte[] expected = client == null ? NO_SECRET_HASH : HexFormat.of().parseHex(client.secretHash);
        byte[] actual = HexFormat.of().parseHex(Secrets.sha256Hex(presented));
        return MessageDigest.isEqual(expected, actual) && client != null;
    }

    private static Optional<UUID> parseClientId(String value) {
        // only the canonical form, so one client has exactly one id string (metrics tags, Redis values)
        if (value == null || value.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(value);
            return id.toString().equals(value) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

package io.echotune.gateway.service;

import io.echotune.commons.identity.InternalToken;
import io.echotune.commons.problem.ApiException;
import io.echotune.commons.problem.Problem;
import io.echotune.gateway.Caller;
import io.echotune.gateway.Scope;
import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.repository.UserRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Delegations: a user's lasting consent, given during one of their requests, to one kind of background work on one
 * resource (today: {@code playlist-refresh} of a playlist). A delegation is a JWT the gateway signs with its identity
 * key for the audience {@value #AUDIENCE}, which no service and no gateway endpoint accepts as an internal token
 * (they all require {@code echotune-services}). Nothing is stored here: a service keeps the delegation and, when the
 * work is due, exchanges it together with its own service key ({@link ServiceCredentials}) for a normal short-lived
 * internal token of that user. So a leaked delegation alone is worth nothing, and an erased user's delegations die
 * with the user row.
 */
@ApplicationScoped
public class DelegationService {

    public static final String AUDIENCE = "echotune-delegation";
    static final String PURPOSE_CLAIM = "purpose";
    static final String RESOURCE_CLAIM = "resource";
    static final int MAX_RESOURCE_LENGTH = 200;
    /** The scopes of the internal token an exchange answers: the work reads and writes the user's data. */
    private static final Set<Scope> DELEGATED_SCOPES = Set.of(Scope.READ, Scope.WRITE);

    /** What a delegation may be for, and the one service that may exchange it. */
    enum Purpose {
        PLAYLIST_REFRESH("playlist-refresh", "playlist");

        final String wireName;
        final String service;

        Purpose(String wireName, String service) {
            this.wireName = wireName;
            this.service = service;
        }

        static Optional<Purpose> of(String wireName) {
            return Arrays.stream(values()).filter(p -> p.wireName.equals(wireName)).findFirst();
        }
    }

    /** An issued delegation (a compact JWS) and when it stops being exchangeable. */
    public record Delegation(String delegation, Instant expiresAt) {
    }

    private final InternalTokenIssuer issuer;
    private final UserRepository users;
    private final Duration ttl;
    private final String publicKeyLocation;
    private volatile JwtConsumer consumer;

    public DelegationService(InternalTokenIssuer issuer, UserRepository users, GatewayConfig config,
                             @ConfigProperty(name = "mp.jwt.verify.publickey.location", defaultValue = "")
                             String publicKeyLocation) {
        this.issuer = issuer;
        this.users = users;
        this.ttl = config.delegation().ttl();
        this.publicKeyLocation = publicKeyLocation;
    }

    /**
     * A delegation for the user of a live request. The request's credential must be allowed to change things
     * ({@code write}): a read-only token cannot give lasting consent to background writes.
     */
    public Delegation issue(InternalTokenVerifier.Verified caller, String purpose, String resource) {
        if (!caller.scopes().contains(Scope.WRITE.wireName())) {
            throw new ApiException(Problem.forbidden("Delegating background work needs the write scope"));
        }
        Purpose wanted = Purpose.of(purpose == null ? "" : purpose.strip())
                .orElseThrow(() -> ApiException.invalidField("purpose", "must be one of: playlist-refresh"));
        String target = resource == null ? "" : resource.strip();
        if (target.isEmpty() || target.length() > MAX_RESOURCE_LENGTH) {
            throw ApiException.invalidField("resource", "must name the resource, at most " + MAX_RESOURCE_LENGTH + " characters");
        }
        Instant expiresAt = Instant.now().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String jwt = Jwt.issuer(InternalToken.ISSUER)
                .subject(caller.userId())
                .audience(AUDIENCE)
                .claim(PURPOSE_CLAIM, wanted.wireName)
                .claim(RESOURCE_CLAIM, target)
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(Instant.now())
                .expiresAt(expiresAt)
                .sign();
        return new Delegation(jwt, expiresAt);
    }

    /**
     * A short-lived internal token (the proxy's issuer, scopes read and write) for the user a delegation names.
     * The service has already proven itself with its key. 403 for anything that is not a valid, unexpired delegation
     * of ours whose purpose belongs to that service; 404 when the user no longer exists.
     */
    @WithSession
    public Uni<String> exchange(String service, String rawDelegation) {
        Optional<UUID> userId = verify(rawDelegation)
                .filter(claims -> claims.purpose().map(p -> p.service.equals(service)).orElse(false))
                .flatMap(Claims::userId);
        if (userId.isEmpty()) {
            return Uni.createFrom().failure(new ApiException(Problem.forbidden(
                    "Not a valid delegation for this service (forged, expired, another audience or purpose)")));
        }
        return users.findById(userId.get()).chain(user -> {
            if (user == null) {
                return Uni.createFrom().failure(ApiException.notFound("The user of this delegation"));
            }
            return issuer.tokenFor(new Caller(user.id, DELEGATED_SCOPES, Caller.Via.DELEGATION));
        });
    }

    private record Claims(String subject, String purposeName) {
        Optional<Purpose> purpose() {
            return Purpose.of(purposeName == null ? "" : purposeName);
        }

        Optional<UUID> userId() {
            try {
                return Optional.of(UUID.fromString(subject));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    private Optional<Claims> verify(String raw) {
        if (raw == null || raw.isBlank() || publicKeyLocation.isBlank()) {
            return Optional.empty();
        }
        try {
            JwtClaims claims = consumer().processToClaims(raw.strip());
            return Optional.of(new Claims(claims.getSubject(),
                    claims.getClaimValue(PURPOSE_CLAIM) instanceof String p ? p : null));
        } catch (InvalidJwtException | MalformedClaimException e) {
            return Optional.empty();
        }
    }

    private JwtConsumer consumer() {
        if (consumer == null) {
            consumer = IdentityJwtConsumer.forAudience(publicKeyLocation, AUDIENCE);
        }
        return consumer;
    }
}

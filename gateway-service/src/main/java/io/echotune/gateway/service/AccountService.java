package io.echotune.gateway.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.gateway.Account;
import io.echotune.gateway.Scope;
import io.echotune.gateway.client.SpotifyProfile;
import io.echotune.gateway.client.SpotifyTokens;
import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.repository.AccessTokenEntity;
import io.echotune.gateway.repository.AccessTokenRepository;
import io.echotune.gateway.repository.SpotifySyncRepository;
import io.echotune.gateway.repository.UserEntity;
import io.echotune.gateway.repository.UserRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Accounts and personal access tokens. */
@ApplicationScoped
public class AccountService {

    private static final String FIRST_TOKEN_NAME = "default";

    private final UserRepository users;
    private final AccessTokenRepository tokens;
    private final GatewayConfig config;
    private final TokenCipher cipher;
    private final SpotifySyncRepository syncState;

    public AccountService(UserRepository users, AccessTokenRepository tokens, GatewayConfig config, TokenCipher cipher,
                          SpotifySyncRepository syncState) {
        this.syncState = syncState;
        this.users = users;
        this.tokens = tokens;
        this.config = config;
        this.cipher = cipher;
    }

    /** The EchoTune account of a Spotify user, made on first sign-in; Spotify's tokens are stored encrypted. */
    @WithTransaction
    public Uni<UUID> signInWithSpotify(SpotifyProfile profile, SpotifyTokens spotifyTokens) {
        Instant now = now();
        return users.findBySpotifyId(profile.id()).chain(existing -> {
            UserEntity user = existing;
            if (user == null) {
                user = new UserEntity();
                user.id = UUID.randomUUID();
                user.spotifyUserId = profile.id();
                user.createdAt = now;
            }
            String name = profile.displayName() == null || profile.displayName().isBlank() ? profile.id() : profile.displayName();
            user.displayName = name.length() > config.limits().maxNameLength()
                    ? name.substring(0, config.limits().maxNameLength()) : name;
            user.spotifyAccessTokenEncrypted = cipher.encrypt(spotifyTokens.accessToken());
            if (spotifyTokens.refreshToken() != null) {
                user.spotifyRefreshTokenEncrypted = cipher.encrypt(spotifyTokens.refreshToken());
            }
            user.spotifyTokenExpiresAt = now.plusSeconds(spotifyTokens.expiresIn());
            UserEntity toSave = user;
            return (existing == null ? users.persist(toSave) : Uni.createFrom().item(toSave)).map(saved -> saved.id);
        });
    }

    @WithTransaction
    public Uni<Account.LocalSignUp> createLocalAccount(String displayName) {
        if (!config.localAccountsEnabled()) {
            return Uni.createFrom().failure(ApiException.notFound("Local accounts"));
        }
        String name = requireName("displayName", displayName);
        UserEntity user = new UserEntity();
        user.id = UUID.randomUUID();
        user.displayName = name;
        user.createdAt = now();
        String secret = Secrets.newAccessToken();
        return users.persist(user)
                .chain(() -> tokens.persist(newToken(user.id, FIRST_TOKEN_NAME, Scope.ALL, secret)))
                .map(saved -> new Account.LocalSignUp(user.id, user.displayName, secret));
    }

    @WithSession
    public Uni<Account.Profile> profile(UUID userId) {
        return users.findById(userId)
                .onItem().ifNull().failWith(() -> ApiException.unauthorized("This account no longer exists"))
                .chain(u -> syncState.status(u.id).map(sync -> new Account.Profile(u.id, u.displayName,
                        u.spotifyUserId != null, sync.orElse(null))));
    }

    @WithTransaction
    public Uni<Account.IssuedToken> issueToken(UUID userId, String name, List<String> scopeNames) {
        String tokenName = requireName("name", name);
        Set<Scope> scopes = parseScopes(scopeNames);
        String secret = Secrets.newAccessToken();
        return tokens.countOwned(userId).chain(count -> {
            if (count >= config.limits().maxTokensPerUser()) {
                return Uni.createFrom().failure(ApiException.conflict(
                        "You hold " + count + " tokens, the most allowed; revoke one first"));
            }
            AccessTokenEntity token = newToken(userId, tokenName, scopes, secret);
            return tokens.persist(token).map(saved -> new Account.IssuedToken(
                    saved.id, saved.name, scopeList(saved.scopes), secret, saved.createdAt));
        });
    }

    @WithSession
    public Uni<List<Account.TokenInfo>> listTokens(UUID userId) {
        return tokens.listOwned(userId).map(all -> all.stream()
                .map(t -> new Account.TokenInfo(t.id, t.name, scopeList(t.scopes), t.createdAt, t.lastUsedAt))
                .toList());
    }

    @WithTransaction
    public Uni<Void> revokeToken(UUID userId, UUID tokenId) {
        return tokens.deleteOwned(userId, tokenId).map(deleted -> {
            if (deleted == 0) {
                throw ApiException.notFound("Token " + tokenId);
            }
            return null;
        });
    }

    private String requireName(String field, String value) {
        String name = value == null ? "" : value.strip();
        if (name.isEmpty()) {
            throw ApiException.invalidField(field, "must not be blank");
        }
        if (name.length() > config.limits().maxNameLength()) {
            throw ApiException.invalidField(field, "is longer than " + config.limits().maxNameLength() + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalidField(field, "must not contain control characters");
        }
        return name;
    }

    private static Set<Scope> parseScopes(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw ApiException.invalidField("scopes", "name at least one of read, write, account");
        }
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int index = i;
            scopes.add(Scope.fromWireName(name).filter(Scope::grantable).orElseThrow(() -> ApiException.invalidField(
                    "scopes[" + index + "]", "'" + name + "' is not a scope a token can hold; use read, write or account")));
        }
        return scopes;
    }

    private static AccessTokenEntity newToken(UUID userId, String name, Set<Scope> scopes, String secret) {
        AccessTokenEntity token = new AccessTokenEntity();
        token.id = UUID.randomUUID();
        token.userId = userId;
        token.name = name;
        token.tokenHash = Secrets.sha256Hex(secret);
        token.scopes = String.join(" ", scopeNames(scopes));
        token.createdAt = now();
        return token;
    }

    static List<String> scopeNames(Set<Scope> scopes) {
        List<String> names = new ArrayList<>();
        for (Scope s : Scope.values()) {
            if (scopes.contains(s)) {
                names.add(s.wireName());
            }
        }
        return names;
    }

    private static List<String> scopeList(String stored) {
        return Arrays.asList(stored.split(" "));
    }

    private static Instant now() {
        // PostgreSQL keeps microseconds; truncating keeps what we return equal to what a re-read returns.
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}

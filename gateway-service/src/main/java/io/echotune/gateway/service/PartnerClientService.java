package io.echotune.gateway.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.gateway.PartnerClient;
import io.echotune.gateway.Scope;
import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.repository.PartnerClientEntity;
import io.echotune.gateway.repository.PartnerClientRepository;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The operator's register of partner apps (API.md "Identity"): registration with validation, listing without
 * secrets, removal. Removing a client ends its access tokens at once, because every partner call looks the client up
 * ({@link PartnerTokenService#authenticate}).
 */
@ApplicationScoped
public class PartnerClientService {

    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_RATE_PER_MINUTE = 10_000;
    static final int MAX_DAILY_QUOTA = 10_000_000;

    private final PartnerClientRepository clients;
    private final GatewayConfig.Partners config;

    public PartnerClientService(PartnerClientRepository clients, GatewayConfig config) {
        this.clients = clients;
        this.config = config.partners();
    }

    /** What an operator asks to register, as sent (nulls are missing fields). */
    public record Registration(String name, List<String> scopes, Integer ratePerMinute, Integer dailyQuota) {
    }

    @WithTransaction
    public Uni<PartnerClient.Registered> register(Registration registration) {
        String name = validName(registration.name());
        Set<Scope> scopes = validScopes(registration.scopes());
        int rate = within("ratePerMinute", registration.ratePerMinute(), MAX_RATE_PER_MINUTE);
        int quota = within("dailyQuota", registration.dailyQuota(), MAX_DAILY_QUOTA);
        String secret = Secrets.newPartnerClientSecret();
        return clients.countAll().chain(count -> {
            if (count >= config.maxClients()) {
                return Uni.createFrom().failure(ApiException.conflict(
                        count + " partner clients are registered, the most allowed; delete one first"));
            }
            PartnerClientEntity row = new PartnerClientEntity();
            row.id = UUID.randomUUID();
            row.name = name;
            row.secretHash = Secrets.sha256Hex(secret);
            row.scopes = String.join(" ", names(scopes));
            row.ratePerMinute = rate;
            row.dailyQuota = quota;
            row.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return clients.persist(row).map(saved -> new PartnerClient.Registered(saved.id, secret, saved.name,
                    scopeList(saved.scopes), saved.ratePerMinute, saved.dailyQuota, saved.createdAt));
        });
    }

    @WithSession
    public Uni<List<PartnerClient>> list() {
        return clients.listAll().map(rows -> rows.stream().map(PartnerClientService::toClient).toList());
    }

    @WithSession
    public Uni<Optional<PartnerClient>> find(UUID clientId) {
        return clients.findById(clientId).map(row -> Optional.ofNullable(row).map(PartnerClientService::toClient));
    }

    /** Deletes the client; false when there was none. Its tokens are refused from the next call on. */
    @WithTransaction
    public Uni<Boolean> delete(UUID clientId) {
        return clients.deleteById(clientId);
    }

    static PartnerClient toClient(PartnerClientEntity row) {
        return new PartnerClient(row.id, row.name, scopeList(row.scopes), row.ratePerMinute, row.dailyQuota, row.createdAt);
    }

    /** The stored scope names as scopes; a name no longer known is dropped, never widened. */
    static Set<Scope> scopesOf(String stored) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : stored.split(" ")) {
            Scope.fromWireName(name).filter(Scope::isPartnerScope).ifPresent(scopes::add);
        }
        return scopes;
    }

    static List<String> names(Set<Scope> scopes) {
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

    private static String validName(String value) {
        String name = value == null ? "" : value.strip();
        if (name.isEmpty()) {
            throw ApiException.invalidField("name", "must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw ApiException.invalidField("name", "is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalidField("name", "must not contain control characters");
        }
        return name;
    }

    private static Set<Scope> validScopes(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw ApiException.invalidField("scopes", "name at least one of " + String.join(", ", names(Scope.PARTNER)));
        }
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Optional<Scope> scope = Scope.fromWireName(name).filter(Scope::isPartnerScope);
            if (scope.isEmpty()) {
                throw ApiException.invalidField("scopes[" + i + "]", "'" + name + "' is not a partner scope; use "
                        + String.join(", ", names(Scope.PARTNER)));
            }
            scopes.add(scope.get());
        }
        return scopes;
    }

    private static int within(String field, Integer value, int max) {
        if (value == null) {
            throw ApiException.invalidField(field, "is required (1 to " + max + ")");
        }
        if (value < 1 || value > max) {
            throw ApiException.invalidField(field, "must be between 1 and " + max + ", not " + value);
        }
        return value;
    }
}

package io.echotune.gateway;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a credential may do. Reads (GET) need {@code read}; changes need {@code write}; managing tokens and
 * erasing the account need {@code account}. Browser sessions and the first token of a local account hold all three.
 * {@code admin} (the catalog's and partners' admin endpoints) is never held by a user credential: only the operator
 * credential (ECHOTUNE_ADMIN_TOKEN) carries it, and no token can be issued with it.
 * <p>
 * The {@code partner:*} scopes belong to partner access tokens only ({@code POST /oauth/token}, docs/partners.md):
 * each opens exactly the routes listed in {@code routing.PartnerRoutes}, and no user credential can hold one, nor a
 * partner token a user scope.
 */
public enum Scope {
    READ("read", true), WRITE("write", true), ACCOUNT("account", true), ADMIN("admin", false),
    /** {@code POST /api/v1/llm/interpret}. */
    PARTNER_INTERPRET("partner:interpret", false),
    /** {@code POST /api/v1/recommendations}, from a prompt or seeds, without personal history. */
    PARTNER_RECOMMEND("partner:recommend", false),
    /** {@code GET /api/v1/shared/{code}}: a playlist its owner shared. */
    PARTNER_SHARED("partner:shared", false);

    /** Every scope a user credential can hold. */
    public static final Set<Scope> ALL = Set.copyOf(EnumSet.of(READ, WRITE, ACCOUNT));
    /** Every scope a partner client can be allowed. */
    public static final Set<Scope> PARTNER = Set.copyOf(EnumSet.of(PARTNER_INTERPRET, PARTNER_RECOMMEND, PARTNER_SHARED));

    private final String wireName;
    private final boolean grantable;

    Scope(String wireName, boolean grantable) {
        this.wireName = wireName;
        this.grantable = grantable;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isPartnerScope() {
        return PARTNER.contains(this);
    }

    /** Whether a personal access token may hold it. */
    public boolean grantable() {
        return grantable;
    }

    public static Optional<Scope> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}

package io.echotune.gateway;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a credential may do. Reads (GET) need {@code read}; changes need {@code write}; managing tokens and
 * erasing the account need {@code account}. Browser sessions and the first token of a local account hold all three.
 * {@code admin} (the catalog's admin endpoints) is never held by a user credential: only the operator credential
 * (ECHOTUNE_ADMIN_TOKEN) carries it, and no token can be issued with it.
 */
public enum Scope {
    READ(true), WRITE(true), ACCOUNT(true), ADMIN(false);

    /** Every scope a user credential can hold. */
    public static final Set<Scope> ALL = Set.copyOf(EnumSet.of(READ, WRITE, ACCOUNT));

    private final boolean grantable;

    Scope(boolean grantable) {
        this.grantable = grantable;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a personal access token may hold it. */
    public boolean grantable() {
        return grantable;
    }

    public static Optional<Scope> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}

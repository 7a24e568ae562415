package io.echotune.gateway;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a credential may do. Reads (GET) need {@code read}; changes need {@code write}; managing tokens and
 * erasing the account need {@code account}. Browser sessions and the first token of a local account hold all.
 */
public enum Scope {
    READ, WRITE, ACCOUNT;

    public static final Set<Scope> ALL = Set.copyOf(EnumSet.allOf(Scope.class));

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}

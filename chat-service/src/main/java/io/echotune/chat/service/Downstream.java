package io.echotune.chat.service;

/**
 * The answer of a downstream call, or the plain-words reason it could not be had. The services that own the
 * timeouts and fallbacks return this instead of failing, so a turn with a service down still gets a reply.
 */
public record Downstream<T>(T value, String unavailable) {

    public static <T> Downstream<T> answered(T value) {
        return new Downstream<>(value, null);
    }

    public static <T> Downstream<T> failed(String reason) {
        return new Downstream<>(null, reason);
    }

    public boolean ok() {
        return unavailable == null;
    }
}

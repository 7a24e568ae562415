package io.echotune.gateway.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.gateway.Preferences;
import io.echotune.gateway.repository.PreferencesEntity;
import io.echotune.gateway.repository.PreferencesRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reads and changes a user's preferences; a change reaches the services with the next identity token. */
@ApplicationScoped
public class PreferencesService {

    private static final Set<String> NOVELTY = Set.of("familiar", "balanced", "discover");
    /** Provider names as the LLM router configures them ({@code local} is the offline interpreter). */
    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z0-9-]{1,64}");

    /** Fired after a change, so that identity tokens minted with the old preferences are not reused. */
    public record Changed(UUID userId) {
    }

    private final PreferencesRepository preferences;
    private final Event<Changed> changed;

    public PreferencesService(PreferencesRepository preferences, Event<Changed> changed) {
        this.preferences = preferences;
        this.changed = changed;
    }

    @WithSession
    public Uni<Preferences> of(UUID userId) {
        return preferences.findById(userId).map(found -> found == null ? Preferences.DEFAULTS
                : new Preferences(found.llmProvider, found.novelty, found.explicitContent, found.timeZone));
    }

    /** Replaces the preferences; a field left out keeps its default. */
    @WithTransaction
    public Uni<Preferences> replace(UUID userId, String llmProvider, String novelty, Boolean explicitContent,
                                    String timeZone) {
        Preferences wanted = validated(llmProvider, novelty, explicitContent, timeZone);
        return preferences.findById(userId).chain(found -> {
            PreferencesEntity row = found != null ? found : new PreferencesEntity();
            row.userId = userId;
            row.llmProvider = wanted.llmProvider();
            row.novelty = wanted.novelty();
            row.explicitContent = wanted.explicitContent();
            row.timeZone = wanted.timeZone();
            row.updatedAt = Instant.now();
            return (found != null ? Uni.createFrom().item(row) : preferences.persist(row));
        }).invoke(saved -> changed.fire(new Changed(userId))).replaceWith(wanted);
    }

    private static final int MAX_ZONE_LENGTH = 64;

    private static Preferences validated(String llmProvider, String novelty, Boolean explicitContent, String timeZone) {
        String provider = llmProvider == null || llmProvider.isBlank() ? null : llmProvider.strip();
        if (provider != null && !PROVIDER_NAME.matcher(provider).matches()) {
            throw ApiException.invalidField("llmProvider", "must be a provider name as listed by GET /api/v1/llm/providers");
        }
        String chosenNovelty = novelty == null ? Preferences.DEFAULTS.novelty() : novelty.strip();
        if (!NOVELTY.contains(chosenNovelty)) {
            throw ApiException.invalidField("novelty", "must be one of familiar, balanced, discover");
        }
        return new Preferences(provider, chosenNovelty,
                explicitContent == null ? Preferences.DEFAULTS.explicitContent() : explicitContent, zone(timeZone));
    }

    /** An IANA region id ("Europe/Berlin", "UTC"), as the insights' {@code tz} takes it; blank means none. */
    private static String zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return null;
        }
        String id = timeZone.strip();
        try {
            if (id.length() <= MAX_ZONE_LENGTH && !(java.time.ZoneId.of(id) instanceof java.time.ZoneOffset)) {
                return id;
            }
        } catch (java.time.DateTimeException notAZone) {
            // answered below
        }
        throw ApiException.invalidField("timeZone", "must be an IANA time zone such as Europe/Berlin or UTC");
    }
}

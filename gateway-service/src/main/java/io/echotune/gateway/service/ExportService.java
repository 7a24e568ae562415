package io.echotune.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echotune.commons.problem.ApiException;
import io.echotune.gateway.Caller;
import io.echotune.gateway.client.ServiceExports;
import io.echotune.gateway.config.GatewayConfig;
import io.echotune.gateway.export.ZipStream;
import io.echotune.gateway.repository.UserRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /api/v1/me/export} (API.md "Identity", GDPR articles 15 and 20): a ZIP of everything EchoTune holds about
 * the user, one JSON file per kind, streamed as it is assembled. The gateway writes its own files (account,
 * preferences, token metadata without secrets), then streams each service's part from its internal export endpoint
 * (echotune.gateway.export.parts), calling it with the user's internal token; last comes {@code manifest.json},
 * which names every file and any part that could not be had. The history is in Spotify's extended streaming history
 * format, so it can be imported again.
 */
@ApplicationScoped
public class ExportService {

    private final UserRepository users;
    private final AccountService accounts;
    private final PreferencesService preferences;
    private final InternalTokenIssuer internalTokens;
    private final ServiceExports services;
    private final GatewayConfig config;
    private final ObjectMapper json;

    public ExportService(UserRepository users, AccountService accounts, PreferencesService preferences,
                         InternalTokenIssuer internalTokens, ServiceExports services, GatewayConfig config,
                         ObjectMapper json) {
        this.users = users;
        this.accounts = accounts;
        this.preferences = preferences;
        this.internalTokens = internalTokens;
        this.services = services;
        this.config = config;
        this.json = json;
    }

    /** The account as exported: what the gateway stores about the user, Spotify tokens left out (secrets). */
    @RegisterForReflection
    public record AccountRecord(UUID userId, String displayName, Instant createdAt, boolean spotifyConnected,
                                String spotifyUserId, Instant spotifyTokenExpiresAt) {
    }

    /** The manifest's line for one file. */
    @RegisterForReflection
    public record ManifestEntry(String file, String source, String status, String detail) {
    }

    @RegisterForReflection
    public record Manifest(Instant exportedAt, UUID userId, List<ManifestEntry> files) {
    }

    /** The archive, once the gateway's own data is read (on the request's context: PostgreSQL through Hibernate). */
    @WithSession
    public Uni<Multi<byte[]>> export(Caller caller) {
        UUID userId = caller.userId();
        Context requestContext = Vertx.currentContext();
        return users.findById(userId)
                .onItem().ifNull().failWith(() -> ApiException.unauthorized("This account no longer exists"))
                // one after the other: a Hibernate Reactive session runs one query at a time
                .chain(user -> preferences.of(userId).chain(prefs -> accounts.listTokens(userId).map(tokens -> {
                    Map<String, byte[]> own = new LinkedHashMap<>();
                    own.put("account.json", bytes(new AccountRecord(user.id, user.displayName, user.createdAt,
                            user.spotifyUserId != null, user.spotifyUserId, user.spotifyTokenExpiresAt)));
                    own.put("preferences.json", bytes(prefs));
                    own.put("tokens.json", bytes(tokens));
                    return own;
                })))
                .call(() -> internalTokens.tokenFor(caller))   // minted now, on this context: the first part reuses it
                .map(own -> archive(caller, own, requestContext));
    }

    private Multi<byte[]> archive(Caller caller, Map<String, byte[]> own, Context requestContext) {
        ZipStream zip = new ZipStream();
        List<ManifestEntry> listed = new ArrayList<>();
        List<ZipStream.Entry> entries = new ArrayList<>();
        own.forEach((name, content) -> {
            listed.add(new ManifestEntry(name, "gateway", "complete", null));
            entries.add(new ZipStream.Entry(name, () -> Multi.createFrom().item(content)));
        });
        for (String spec : config.export().parts()) {
            int eq = spec.indexOf('=');
            String file = spec.substring(0, eq).strip();
            String service = spec.substring(eq + 1).strip();
            URI base = config.services().get(service);
            listed.add(new ManifestEntry(file, service, "complete", null));
            entries.add(new ZipStream.Entry(file, () -> base == null
                    ? Multi.createFrom().failure(new IllegalStateException("no URL configured for " + service))
                    // a fresh internal token for each part (they live 60 s), minted on the request's context
                    : onContext(requestContext, () -> internalTokens.tokenFor(caller)).onItem()
                            .transformToMulti(token -> services.part(base, file, token, config.export().idleTimeout()))));
        }
        entries.add(new ZipStream.Entry("manifest.json", () -> Multi.createFrom().item(() -> {
            Map<String, ZipStream.Missing> missing = new LinkedHashMap<>();
            zip.missing().forEach(m -> missing.put(m.name(), m));
            List<ManifestEntry> files = listed.stream().map(e -> missing.containsKey(e.file())
                    ? new ManifestEntry(e.file(), e.source(), "unavailable",
                            "could not be exported (" + missing.get(e.file()).reason() + "); export again later")
                    : e).toList();
            return bytes(new Manifest(Instant.now(), caller.userId(), files));
        })));
        return zip.write(entries);
    }

    private static <T> Uni<T> onContext(Context context, java.util.function.Supplier<Uni<T>> work) {
        return Uni.createFrom().<T>deferred(() -> work.get()).runSubscriptionOn(command -> {
            if (context == null) {
                command.run();
            } else {
                context.runOnContext(ignored -> command.run());
            }
        });
    }

    private byte[] bytes(Object value) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable: " + value.getClass(), e);
        }
    }
}

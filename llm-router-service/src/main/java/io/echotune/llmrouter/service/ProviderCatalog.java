package io.echotune.llmrouter.service;

import io.echotune.llmrouter.CircuitState;
import io.echotune.llmrouter.ProviderKind;
import io.echotune.llmrouter.ProviderSpec;
import io.echotune.llmrouter.ProviderStatus;
import io.echotune.llmrouter.config.LlmRouterConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The configured LLM providers in routing order (priority, then name), each with whether it can be used and
 * why not. The configuration is checked once at start-up, so a broken provider entry stops the service
 * instead of surfacing on the first chat message.
 */
@Startup
@ApplicationScoped
public class ProviderCatalog {

    /** The offline interpreter needs no provider, so it is always usable and always tried last. */
    public static final String LOCAL_NAME = "local";
    public static final String LOCAL_MODEL = "echotune-local";

    private static final String PREFIX = "echotune.llm-router.providers.";
    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final List<ProviderStatus> statuses;
    private final List<ProviderSpec> usable;

    @Inject
    public ProviderCatalog(LlmRouterConfig config) {
        this(config, System::getenv);
    }

    /** @param environment looks up an environment variable by name (the process environment in production) */
    ProviderCatalog(LlmRouterConfig config, Function<String, String> environment) {
        checkConfiguration(config.providers());
        List<ProviderStatus> ordered = new ArrayList<>();
        List<ProviderSpec> callable = new ArrayList<>();
        config.providers().entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, LlmRouterConfig.Provider> e) -> e.getValue().priority())
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> {
                    ProviderStatus status = status(e.getKey(), e.getValue(), environment);
                    ordered.add(status);
                    if (status.usable()) {
                        LlmRouterConfig.Provider p = e.getValue();
                        String key = p.apiKeyEnv().map(environment).map(String::strip).orElse(null);
                        callable.add(new ProviderSpec(e.getKey(), p.kind(), stripSlash(p.baseUrl()), p.model(), key,
                                p.timeout(), p.priority()));
                    }
                });
        ordered.add(new ProviderStatus(LOCAL_NAME, LOCAL_NAME, LOCAL_MODEL, true, CircuitState.CLOSED, null, null));
        // Keys live in the process environment, which cannot change while the process runs.
        this.statuses = List.copyOf(ordered);
        this.usable = List.copyOf(callable);
    }

    /** The remote providers the router may call, in priority order (the offline interpreter is not among them). */
    public List<ProviderSpec> usableProviders() {
        return usable;
    }

    /** The usable remote provider of that name, if any. */
    public Optional<ProviderSpec> usableProvider(String name) {
        return usable.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Every provider in routing order, the offline interpreter last. */
    public List<ProviderStatus> statuses() {
        return statuses;
    }

    private static ProviderStatus status(String name, LlmRouterConfig.Provider provider,
                                         Function<String, String> environment) {
        Optional<String> reason = unusableReason(name, provider, environment);
        // No provider has been called yet, so no breaker has had a reason to open and no latency is known.
        return new ProviderStatus(name, provider.kind().id(), provider.model(), reason.isEmpty(),
                CircuitState.CLOSED, null, reason.orElse(null));
    }

    private static Optional<String> unusableReason(String name, LlmRouterConfig.Provider provider,
                                                   Function<String, String> environment) {
        if (!provider.enabled()) {
            return Optional.of("disabled by configuration (" + PREFIX + name + ".enabled)");
        }
        if (provider.apiKeyEnv().isEmpty()) {
            return provider.kind().requiresKey()
                    ? Optional.of("a " + provider.kind().id() + " provider needs an API key, but no api-key-env is configured")
                    : Optional.empty();
        }
        String keyEnv = provider.apiKeyEnv().get();
        String key = environment.apply(keyEnv);
        return key == null || key.isBlank() ? Optional.of(keyEnv + " is not set") : Optional.empty();
    }

    private static void checkConfiguration(Map<String, LlmRouterConfig.Provider> providers) {
        List<String> problems = new ArrayList<>();
        providers.forEach((name, provider) -> {
            String at = PREFIX + name;
            if (LOCAL_NAME.equals(name)) {
                problems.add(at + ": '" + LOCAL_NAME + "' is the built-in offline interpreter; choose another name");
            } else if (!PROVIDER_NAME.matcher(name).matches()) {
                problems.add(at + ": a provider name is 1 to 64 characters of a-z, 0-9 and '-'");
            }
            if (!isHttpUrl(provider.baseUrl())) {
                problems.add(at + ".base-url: '" + provider.baseUrl() + "' is not an http(s) URL");
            }
            if (provider.model().isBlank()) {
                problems.add(at + ".model: must not be blank");
            }
            // The value is not repeated: whoever got this wrong may have pasted the key itself.
            if (provider.apiKeyEnv().filter(env -> !ENV_NAME.matcher(env).matches()).isPresent()) {
                problems.add(at + ".api-key-env: must be the name of an environment variable holding the key");
            }
            if (provider.timeout().isNegative() || provider.timeout().isZero()) {
                problems.add(at + ".timeout: must be positive");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid LLM provider configuration: " + String.join("; ", problems));
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

package io.echotune.llmrouter.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.echotune.llmrouter.Intent;
import io.echotune.llmrouter.InterpretResult;
import io.echotune.llmrouter.ai.ReplyValidator;
import io.echotune.llmrouter.local.LocalComposer;
import io.echotune.llmrouter.Interpretation;
import io.echotune.llmrouter.ProviderSpec;
import io.echotune.llmrouter.Routed;
import io.echotune.llmrouter.TokenUsage;
import io.echotune.llmrouter.Turn;
import io.echotune.llmrouter.ai.InvalidOutput;
import io.echotune.llmrouter.ai.PromptTemplates;
import io.echotune.llmrouter.ai.ReadingParser;
import io.echotune.llmrouter.client.ChatPrompt;
import io.echotune.llmrouter.client.ProviderCallException;
import io.echotune.llmrouter.client.ProviderCallException.Failure;
import io.echotune.llmrouter.client.ProviderClients;
import io.echotune.llmrouter.client.ProviderReply;
import io.echotune.llmrouter.config.LlmRouterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends each call down a chain of providers until one answers validly: the user's preferred provider, then the
 * configured default, then every other usable provider by priority, and the offline interpreter {@code local} last,
 * which always answers. A provider is left on timeout, 429, 5xx, connection failure or invalid output (after one
 * repair), and skipped while its breaker is open. Retries of the same provider happen only for 429, 5xx and
 * connection failures, with exponential backoff and jitter or the provider's Retry-After, out of one budget per
 * request; everything happens within one overall deadline, of which {@link #LOCAL_RESERVE} is kept for {@code local}.
 */
@ApplicationScoped
public class ProviderRouter {

    public static final String LOCAL = ProviderCatalog.LOCAL_NAME;
    /** Time kept back from the deadline so that the offline interpreter can still answer after every remote failed. */
    static final Duration LOCAL_RESERVE = Duration.ofMillis(150);
    private static final Logger LOG = Logger.getLogger(ProviderRouter.class);
    private static final int INTERPRET_MAX_TOKENS = 600;
    private static final int COMPOSE_MAX_TOKENS = 200;
    private final LocalComposer composer = new LocalComposer();
    private final ReplyValidator replies = new ReplyValidator();

    private final ProviderCatalog catalog;
    private final ProviderClients clients;
    private final ProviderMonitor monitor;
    private final OfflineInterpreter offline;
    private final PromptTemplates prompts;
    private final ReadingParser readings;
    private final LlmRouterConfig config;
    private final MeterRegistry metrics;
    private final Clock clock;

    public ProviderRouter(ProviderCatalog catalog, ProviderClients clients, ProviderMonitor monitor,
                          OfflineInterpreter offline, PromptTemplates prompts, ReadingParser readings,
                          LlmRouterConfig config, MeterRegistry metrics, Clock clock) {
        this.catalog = catalog;
        this.clients = clients;
        this.monitor = monitor;
        this.offline = offline;
        this.prompts = prompts;
        this.readings = readings;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Uni<InterpretResult> interpret(String text, List<Turn> context, String preferred, Duration callerDeadline) {
        boolean hasContext = !context.isEmpty();
        ChatPrompt prompt = new ChatPrompt(prompts.interpretSystem(LocalDate.now(clock.withZone(ZoneOffset.UTC))),
                List.of(new ChatPrompt.Message("user", transcript(text, context))), true, INTERPRET_MAX_TOKENS);
        RoutedCall<Interpretation> call = new RoutedCall<>() {
            @Override
            public String operation() {
                return "interpret";
            }

            @Override
            public String promptVersion() {
                return PromptTemplates.INTERPRET_VERSION;
            }

            @Override
            public ChatPrompt prompt() {
                return prompt;
            }

            @Override
            public Interpretation parse(String answer) throws InvalidOutput {
                return readings.parse(answer, hasContext);
            }

            @Override
            public Uni<Interpretation> local() {
                return offline.interpret(text, context);
            }

            @Override
            public String localVersion() {
                String version = offline.version();
                return version == null ? "local" : version;
            }
        };
        return route(call, preferred, callerDeadline).map(r -> new InterpretResult(r.value(), r.providerUsed(), r.model(), r.latencyMs(),
                r.promptVersion(), r.fallbackAttempts(), r.tokens()));
    }

    /** A short reply from facts: remote providers when available, templates offline. */
    public Uni<Routed<String>> compose(Intent intent, JsonNode facts, String preferred, Duration callerDeadline) {
        String factsJson = facts.toString();
        ChatPrompt prompt = new ChatPrompt(prompts.composeSystem(intent.id(), factsJson),
                List.of(new ChatPrompt.Message("user", "Write the reply now.")), false, COMPOSE_MAX_TOKENS);
        RoutedCall<String> call = new RoutedCall<>() {
            @Override
            public String operation() {
                return "compose";
            }

            @Override
            public String promptVersion() {
                return PromptTemplates.COMPOSE_VERSION;
            }

            @Override
            public ChatPrompt prompt() {
                return prompt;
            }

            @Override
            public String parse(String answer) throws InvalidOutput {
                return replies.validate(answer, factsJson);
            }

            @Override
            public String repairRequest(List<String> problems) {
                return "That reply cannot be sent: " + String.join("; ", problems) + ". Write it again, plain text only.";
            }

            @Override
            public Uni<String> local() {
                return Uni.createFrom().item(() -> composer.compose(intent, facts));
            }

            @Override
            public String localVersion() {
                return LocalComposer.VERSION;
            }
        };
        return route(call, preferred, callerDeadline);
    }

    private static String transcript(String text, List<Turn> context) {
        if (context.isEmpty()) {
            return "Message: " + text;
        }
        StringBuilder out = new StringBuilder("Earlier turns, oldest first:\n");
        context.forEach(t -> out.append(t.role()).append(": ").append(t.text()).append('\n'));
        return out.append("\nMessage: ").append(text).toString();
    }

    /** The remote providers to try, in order; {@code local} follows them. */
    List<ProviderSpec> chain(String preferred) {
        List<ProviderSpec> chain = new ArrayList<>();
        String first = preferred != null && !preferred.isBlank() ? preferred.strip() : config.defaultProvider().orElse(null);
        if (LOCAL.equals(first)) {
            return chain;
        }
        if (first != null) {
            catalog.usableProvider(first).ifPresent(chain::add);
        }
        if (preferred != null && !preferred.isBlank()) {
            config.defaultProvider().flatMap(catalog::usableProvider).filter(p -> !chain.contains(p)).ifPresent(chain::add);
        }
        catalog.usableProviders().stream().filter(p -> !chain.contains(p)).forEach(chain::add);
        return chain;
    }

    /** Per-request state: when it must be done, the retries left, how many providers failed, the tokens spent. */
    private static final class Attempt {
        final long startedNanos = System.nanoTime();
        final long deadlineNanos;
        final AtomicInteger retriesLeft;
        final AtomicInteger failedProviders = new AtomicInteger();
        final AtomicReference<TokenUsage> tokens = new AtomicReference<>(TokenUsage.NONE);

        Attempt(Duration deadline, int retryBudget) {
            this.deadlineNanos = startedNanos + deadline.toNanos();
            this.retriesLeft = new AtomicInteger(retryBudget);
        }

        Duration remoteTimeLeft() {
            return Duration.ofNanos(deadlineNanos - System.nanoTime()).minus(LOCAL_RESERVE);
        }

        long elapsedMs() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        }
    }

    /** Routes within the router's deadline, or the caller's when that is shorter (null: the caller set none). */
    <T> Uni<Routed<T>> route(RoutedCall<T> call, String preferred, Duration callerDeadline) {
        List<ProviderSpec> chain = chain(preferred);
        Duration deadline = callerDeadline != null && callerDeadline.compareTo(config.deadline()) < 0
                ? callerDeadline : config.deadline();
        Attempt attempt = new Attempt(deadline, config.retry().budget());
        return next(call, chain, 0, attempt)
                .invoke(routed -> DistributionSummary.builder("echotune.llm.fallback.attempts")
                        .description("Providers that failed before one answered, per request")
                        .tag("operation", call.operation()).tag("provider", routed.providerUsed())
                        .register(metrics).record(routed.fallbackAttempts()));
    }

    private <T> Uni<Routed<T>> next(RoutedCall<T> call, List<ProviderSpec> chain, int index, Attempt attempt) {
        if (index >= chain.size() || !attempt.remoteTimeLeft().isPositive()) {
            return local(call, attempt);
        }
        ProviderSpec provider = chain.get(index);
        return remote(call, provider, attempt)
                .map(reply -> new Routed<>(reply.value(), provider.name(), reply.model(), attempt.elapsedMs(),
                        call.promptVersion(), attempt.failedProviders.get(), attempt.tokens.get()))
                .onFailure().recoverWithUni(e -> {
                    if (e instanceof CircuitBreakerOpenException) {
                        LOG.debugf("%s skipped: its circuit is open", provider.name());
                    } else {
                        attempt.failedProviders.incrementAndGet();
                        LOG.infof("%s %s failed (%s); trying the next provider", call.operation(), provider.name(),
                                e.getMessage());
                    }
                    return next(call, chain, index + 1, attempt);
                });
    }

    private <T> Uni<Routed<T>> local(RoutedCall<T> call, Attempt attempt) {
        long started = System.nanoTime();
        return call.local().map(value -> {
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            monitor.recordLatency(LOCAL, took);
            record(call, LOCAL, ProviderCatalog.LOCAL_MODEL, "success", took, 1, TokenUsage.NONE);
            return new Routed<>(value, LOCAL, ProviderCatalog.LOCAL_MODEL, attempt.elapsedMs(), call.localVersion(),
                    attempt.failedProviders.get(), attempt.tokens.get());
        });
    }

    /** What one provider produced: the validated value and the model that answered. */
    private record Answer<T>(T value, String model) {
    }

    /** One provider, with retries of retryable failures out of the request's budget. */
    private <T> Uni<Answer<T>> remote(RoutedCall<T> call, ProviderSpec provider, Attempt attempt) {
        AtomicInteger tries = new AtomicInteger();
        return guarded(call, provider, attempt, tries)
                .onFailure(e -> retryDelay(e, tries.get(), attempt) != null)
                .recoverWithUni(e -> retry(call, provider, attempt, tries, e));
    }

    private <T> Uni<Answer<T>> retry(RoutedCall<T> call, ProviderSpec provider, Attempt attempt, AtomicInteger tries,
                                     Throwable cause) {
        Duration wait = retryDelay(cause, tries.get(), attempt);
        if (wait == null || attempt.retriesLeft.getAndDecrement() <= 0) {
            return Uni.createFrom().failure(cause);
        }
        LOG.debugf("%s: retrying %s in %d ms after %s", call.operation(), provider.name(), wait.toMillis(), cause.getMessage());
        return Uni.createFrom().voidItem().onItem().delayIt().by(wait)
                .chain(() -> guarded(call, provider, attempt, tries))
                .onFailure(e -> retryDelay(e, tries.get(), attempt) != null && attempt.retriesLeft.get() > 0)
                .recoverWithUni(e -> retry(call, provider, attempt, tries, e));
    }

    /**
     * How long to wait before retrying after {@code e}, or null when it must not be retried: not a retryable failure,
     * a Retry-After longer than allowed, or no time left for the wait and another call.
     */
    private Duration retryDelay(Throwable e, int triesSoFar, Attempt attempt) {
        if (!(e instanceof ProviderCallException failure) || !failure.failure().retryable() || attempt.retriesLeft.get() <= 0) {
            return null;
        }
        Duration wait;
        if (failure.retryAfter().isPresent()) {
            wait = failure.retryAfter().get();
            if (wait.compareTo(config.retry().maxRetryAfter()) > 0) {
                return null;
            }
        } else {
            long base = config.retry().initialBackoff().toMillis() << Math.min(10, Math.max(0, triesSoFar - 1));
            long capped = Math.min(base, config.retry().maxBackoff().toMillis());
            // Full jitter on the upper half: spreads retries of many requests without waiting needlessly long.
            wait = Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
        }
        return attempt.remoteTimeLeft().compareTo(wait) > 0 ? wait : null;
    }

    /** One call through the provider's breaker: the request, and one repair if the answer is invalid. */
    private <T> Uni<Answer<T>> guarded(RoutedCall<T> call, ProviderSpec provider, Attempt attempt, AtomicInteger tries) {
        tries.incrementAndGet();
        long started = System.nanoTime();
        return monitor.guard(provider.name())
                .get(() -> timed(provider, call.prompt(), attempt)
                        .invoke(reply -> attempt.tokens.updateAndGet(t -> t.plus(reply.usage())))
                        .flatMap(reply -> validateOrRepair(call, provider, attempt, reply)))
                .map(reply -> {
                    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    monitor.recordLatency(provider.name(), took);
                    record(call, provider.name(), reply.model(), "success", took, tries.get(), reply.usage());
                    return new Answer<T>(parsedValue(reply), reply.model());
                })
                .onFailure().invoke(e -> {
                    if (!(e instanceof CircuitBreakerOpenException)) {
                        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                        monitor.recordLatency(provider.name(), took);
                        record(call, provider.name(), provider.model(), outcome(e), took, tries.get(), TokenUsage.NONE);
                    }
                });
    }

    /**
     * Validates the answer inside the breaker, so that a provider that keeps producing garbage opens its circuit. The
     * validated value travels in a {@link ParsedReply} so that the breaker's type stays {@code Uni<ProviderReply>}.
     */
    private <T> Uni<ProviderReply> validateOrRepair(RoutedCall<T> call, ProviderSpec provider, Attempt attempt,
                                                    ProviderReply reply) {
        try {
            return Uni.createFrom().item(new ParsedReply<>(reply, call.parse(reply.content())));
        } catch (InvalidOutput invalid) {
            LOG.debugf("%s answered invalid %s output (%s); asking for one repair", provider.name(), call.operation(),
                    invalid.getMessage());
            ChatPrompt repair = call.prompt().followedBy(reply.content(), call.repairRequest(invalid.problems()));
            return timed(provider, repair, attempt).map(second -> {
                attempt.tokens.updateAndGet(t -> t.plus(second.usage()));
                try {
                    return new ParsedReply<>(new ProviderReply(second.content(), reply.usage().plus(second.usage()),
                            second.model()), call.parse(second.content()));
                } catch (InvalidOutput stillInvalid) {
                    throw new ProviderCallException(Failure.INVALID_OUTPUT, provider.name()
                            + " gave invalid output twice: " + stillInvalid.getMessage());
                }
            });
        }
    }

    /** A reply whose content has been read into a value. */
    private static final class ParsedReply<T> extends ProviderReply {
        private final T value;

        ParsedReply(ProviderReply reply, T value) {
            super(reply.content(), reply.usage(), reply.model());
            this.value = value;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T parsedValue(ProviderReply reply) {
        return ((ParsedReply<T>) reply).value;
    }

    /** The call, cut off at the provider's timeout or at what is left of the deadline, whichever comes first. */
    private Uni<ProviderReply> timed(ProviderSpec provider, ChatPrompt prompt, Attempt attempt) {
        Duration left = attempt.remoteTimeLeft();
        if (!left.isPositive()) {
            return Uni.createFrom().failure(new ProviderCallException(Failure.TIMEOUT, "no time left for " + provider.name()));
        }
        Duration timeout = provider.timeout().compareTo(left) < 0 ? provider.timeout() : left;
        return clients.chat(provider, prompt, timeout)
                .ifNoItem().after(timeout).failWith(() -> new ProviderCallException(Failure.TIMEOUT,
                        provider.name() + " did not answer within " + timeout.toMillis() + " ms"));
    }

    private static String outcome(Throwable e) {
        return e instanceof ProviderCallException p ? p.failure().name().toLowerCase() : "error";
    }

    private void record(RoutedCall<?> call, String provider, String model, String outcome, long millis, int attempts,
                        TokenUsage usage) {
        Timer.builder("echotune.llm.calls")
                .description("Calls to LLM providers (the offline interpreter is provider local)")
                .tag("operation", call.operation()).tag("provider", provider).tag("model", model).tag("outcome", outcome)
                .register(metrics).record(Duration.ofMillis(millis));
        DistributionSummary.builder("echotune.llm.call.attempts")
                .description("Tries of one provider within one request (1 plus retries)")
                .tag("operation", call.operation()).tag("provider", provider)
                .register(metrics).record(attempts);
        if (usage.input() > 0 || usage.output() > 0) {
            Counter.builder("echotune.llm.tokens").tag("provider", provider).tag("model", model).tag("direction", "input")
                    .register(metrics).increment(usage.input());
            Counter.builder("echotune.llm.tokens").tag("provider", provider).tag("model", model).tag("direction", "output")
                    .register(metrics).increment(usage.output());
        }
    }
}

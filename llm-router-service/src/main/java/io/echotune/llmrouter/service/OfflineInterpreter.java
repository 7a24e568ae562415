package io.echotune.llmrouter.service;

import io.echotune.llmrouter.Interpretation;
import io.echotune.llmrouter.Turn;
import io.echotune.llmrouter.local.IntentPrototypes;
import io.echotune.llmrouter.local.Lexicon;
import io.echotune.llmrouter.local.LocalInterpreter;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code local} provider: owns the offline interpreter, whose embedding model is loaded once at start-up on a
 * worker thread (about a second), and runs every reading on the worker pool, because embedding blocks.
 */
@ApplicationScoped
public class OfflineInterpreter {

    private static final Logger LOG = Logger.getLogger(OfflineInterpreter.class);

    private final GazetteerStore gazetteer;
    private final Lexicon lexicon;
    private final Clock clock;
    private final CompletableFuture<LocalInterpreter> interpreter = new CompletableFuture<>();

    public OfflineInterpreter(GazetteerStore gazetteer, Lexicon lexicon, Clock clock) {
        this.gazetteer = gazetteer;
        this.lexicon = lexicon;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                long started = System.nanoTime();
                LocalInterpreter loaded = new LocalInterpreter(lexicon, gazetteer::current,
                        IntentPrototypes.loadDefault(), clock);
                interpreter.complete(loaded);
                LOG.infof("Offline interpreter ready (%s) in %d ms", loaded.version(), (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException | Error e) {
                LOG.error("The offline interpreter cannot start", e);
                interpreter.completeExceptionally(e);
            }
        });
    }

    /** Whether the model is loaded and readings can be served. */
    public boolean ready() {
        return interpreter.isDone() && !interpreter.isCompletedExceptionally();
    }

    /** The version of the rules and lexicon; null until loaded. */
    public String version() {
        return ready() ? interpreter.join().version() : null;
    }

    public Uni<Interpretation> interpret(String text, List<Turn> context) {
        return Uni.createFrom().completionStage(interpreter)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(local -> local.interpret(text, context));
    }
}

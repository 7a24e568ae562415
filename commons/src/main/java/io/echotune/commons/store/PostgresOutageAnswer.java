package io.echotune.commons.store;

import io.echotune.commons.problem.ApiException;
import io.echotune.commons.problem.ProblemExceptionMappers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The answer to a failure while PostgreSQL is out of reach, the same in every service that uses it: a 503 problem
 * with Retry-After whose detail names PostgreSQL, so clients and the gateway come back instead of reporting a bug;
 * any other failure stays the shared mapper's 500 with a reference. Each such service keeps a small
 * {@code @ServerExceptionMapper} that calls {@link #to} (the mapper cannot live here: services without PostgreSQL must
 * not see a mapper of the SQL client's types); code that answers outside Quarkus REST (the gateway's route handlers)
 * calls {@link #unavailable}.
 * <p>
 * A failure only PostgreSQL's client raises ({@link PostgresAvailability#isUnavailable}) is answered at once. A bare
 * connection failure ({@link PostgresAvailability#mayBeUnavailable}) looks the same from Redis or a REST client, so
 * PostgreSQL is asked ({@code SELECT 1}, at most {@link #PROBE_TIMEOUT}): it is PostgreSQL's outage only if that fails
 * too. The question costs one round trip, and only on a request that failed.
 */
public final class PostgresOutageAnswer {

    /** About a connection attempt plus a fail-over of the server: worth a retry by then. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** PostgreSQL that cannot say "1" within this cannot serve the request either. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(PostgresOutageAnswer.class);
    private static final ProblemExceptionMappers PROBLEMS = new ProblemExceptionMappers();

    private final Supplier<Uni<?>> probe;
    private final String detail;
    private final Duration retryAfter;

    /**
     * {@code store} says what the user cannot reach, as the start of a sentence ("The account store"); the detail goes
     * on with " (PostgreSQL) cannot be reached right now; try again shortly".
     */
    public PostgresOutageAnswer(Pool pool, String store, Duration retryAfter) {
        this(() -> pool.query("SELECT 1").execute(), store, retryAfter);
    }

    PostgresOutageAnswer(Supplier<Uni<?>> probe, String store, Duration retryAfter) {
        this.probe = probe;
        this.detail = store + " (PostgreSQL) cannot be reached right now; try again shortly";
        this.retryAfter = retryAfter;
    }

    /** For a REST mapper: the 503 while PostgreSQL is out of reach, else the shared 500. */
    public Uni<Response> to(Throwable failure) {
        return unavailable(failure).map(problem -> problem.map(PROBLEMS::apiException)
                .orElseGet(() -> PROBLEMS.unexpected(failure)));
    }

    /** The 503 to answer when the failure is PostgreSQL being out of reach; empty when it is anything else. */
    public Uni<Optional<ApiException>> unavailable(Throwable failure) {
        if (PostgresAvailability.isUnavailable(failure)) {
            return Uni.createFrom().item(Optional.of(problem(failure)));
        }
        if (!PostgresAvailability.mayBeUnavailable(failure)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Uni.createFrom().deferred(probe)
                .ifNoItem().after(PROBE_TIMEOUT).fail()
                .map(answered -> Optional.<ApiException>empty())
                .onFailure().recoverWithItem(unanswered -> Optional.of(problem(failure)));
    }

    private ApiException problem(Throwable failure) {
        // One line, no stack trace: during an outage every request fails the same way.
        LOG.warnf("PostgreSQL unavailable, answering 503: %s", chainOf(failure));
        return ApiException.serviceUnavailable(detail, retryAfter);
    }

    private static String chainOf(Throwable failure) {
        StringBuilder chain = new StringBuilder(String.valueOf(failure));
        Throwable current = failure;
        for (int depth = 0; depth < 8 && current.getCause() != null && current.getCause() != current; depth++) {
            current = current.getCause();
            chain.append(" <- ").append(current);
        }
        return chain.toString();
    }
}

package io.echotune.gateway.config;

import io.echotune.commons.store.PostgresOutageAnswer;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The gateway's answer to PostgreSQL out of reach (accounts, access tokens, preferences), one for both places that
 * answer clients: the REST resources (rest.StoreUnavailableMapper) and the authentication in front of them
 * (routing.ApiAuthenticationHandler), so a client sees the same 503 wherever the outage meets its request.
 */
@ApplicationScoped
public class StoreOutageAnswers {

    @Produces
    @Singleton
    PostgresOutageAnswer postgres(Pool pool) {
        return new PostgresOutageAnswer(pool, "The account store", PostgresOutageAnswer.RETRY_AFTER);
    }
}

package io.echotune.ingestion.catalog.service;

import io.echotune.ingestion.shared.config.IngestionConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The first start of a fresh stack loads the configured catalog directory (ECHOTUNE_CATALOG) when no catalog was
 * ever loaded, in the background: the service is ready at once and the load logs its progress. A MongoDB or
 * PostgreSQL that is not reachable yet is waited for, like the index creation in StoreSetup.
 */
@ApplicationScoped
public class CatalogBootstrap {

    private static final Logger LOG = Logger.getLogger(CatalogBootstrap.class);

    private final CatalogService catalog;
    private final IngestionConfig config;

    public CatalogBootstrap(CatalogService catalog, IngestionConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    void onStart(@Observes @Priority(30) StartupEvent event) {
        if (!config.catalog().loadAtStart() || config.catalog().directory().isEmpty()) {
            return;
        }
        Uni.createFrom().item(catalog::loadIfNeverLoaded)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().invoke(e -> {
                    if (e instanceof CatalogService.LoadRunningElsewhere) {
                        LOG.infof("No catalog loaded yet and a load is running; checking again in a while (it"
                                + " is taken over if its instance stopped)");
                    } else {
                        LOG.warnf("Checking whether the catalog needs its first load failed (%s); retrying", e.toString());
                    }
                })
                // about 20 minutes in all: longer than a load, and than catalog.stale-after
                .onFailure().retry().withBackOff(Duration.ofSeconds(5), Duration.ofMinutes(1)).atMost(25)
                .subscribe().with(
                        started -> started.ifPresentOrElse(
                                id -> LOG.infof("No catalog loaded yet: loading %s (load %s)",
                                        config.catalog().directory().get(), id),
                                () -> LOG.debug("The catalog was loaded before (or its directory is absent)")),
                        e -> LOG.errorf("The first catalog load did not start: %s", e.toString()));
    }
}

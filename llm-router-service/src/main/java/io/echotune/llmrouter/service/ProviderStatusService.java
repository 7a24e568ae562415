package io.echotune.llmrouter.service;

import io.echotune.llmrouter.CircuitState;
import io.echotune.llmrouter.ProviderStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The configured providers in routing order with their live circuit states and last latencies. */
@ApplicationScoped
public class ProviderStatusService {

    private final ProviderCatalog catalog;
    private final ProviderMonitor monitor;

    public ProviderStatusService(ProviderCatalog catalog, ProviderMonitor monitor) {
        this.catalog = catalog;
        this.monitor = monitor;
    }

    public List<ProviderStatus> statuses() {
        return catalog.statuses().stream()
                .map(s -> new ProviderStatus(s.name(), s.kind(), s.model(), s.usable(),
                        ProviderCatalog.LOCAL_NAME.equals(s.name()) ? CircuitState.CLOSED : monitor.circuit(s.name()),
                        monitor.lastLatencyMs(s.name()), s.reason()))
                .toList();
    }
}

package io.echotune.ingestion.shared.userdata;

import io.echotune.ingestion.catalog.client.ReccoBeatsClient;
import io.echotune.ingestion.catalog.client.SpotifyFeaturesClient;
import io.echotune.ingestion.catalog.repository.CatalogRepository;
import io.echotune.ingestion.catalog.repository.TrackNameRepository;
import io.echotune.ingestion.catalog.repository.TrackResolutionRepository;
import io.echotune.ingestion.history.repository.ListeningHistoryRepository;
import io.echotune.ingestion.imports.repository.UserImportsRepository;
import io.echotune.ingestion.imports.service.StagingArea;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Erases everything ingestion holds of a user, on {@code user.deleted} (docs/privacy.md):
 * <ol>
 * <li>what the shared catalog learnt from the user alone: their name claims are withdrawn (a name they helped
 * promote stays only while other users still make a quorum), enrichment conclusions about track keys no other user's
 * import holds are deleted, and so are tracks only features providers added for those keys;</li>
 * <li>their import jobs with their tracks (PostgreSQL), and the staged uploads of unfinished ones on this instance;</li>
 * <li>their listening history and the per-batch tallies of their imports (MongoDB).</li>
 * </ol>
 * The order makes it idempotent and safe against imports still under way: step 1 reads the jobs that step 2 deletes,
 * so a redelivery after a crash between them finds the shared catalog already cleaned; and once the jobs are gone,
 * the import worker stops at its next check and the history writer deletes any batch it still writes for them
 * (HistoryWriterConsumer), while step 3 sweeps whatever was written before.
 */
@ApplicationScoped
public class UserDataService {

    private static final Logger LOG = Logger.getLogger(UserDataService.class);
    /** The sources a track has when only features providers, no catalog file, put it in {@code tracks}. */
    private static final Set<String> PROVIDERS = Set.of(ReccoBeatsClient.NAME, SpotifyFeaturesClient.NAME);

    private final UserImportsRepository imports;
    private final ListeningHistoryRepository history;
    private final TrackNameRepository names;
    private final TrackResolutionRepository resolutions;
    private final CatalogRepository catalog;
    private final StagingArea staging;

    public UserDataService(UserImportsRepository imports, ListeningHistoryRepository history, TrackNameRepository names,
                           TrackResolutionRepository resolutions, CatalogRepository catalog, StagingArea staging) {
        this.imports = imports;
        this.history = history;
        this.names = names;
        this.resolutions = resolutions;
        this.catalog = catalog;
        this.staging = staging;
    }

    /** Idempotent: erasing an erased user changes nothing. */
    public Uni<Void> erase(String userId) {
        return imports.importIds(userId).chain(importIds -> eraseSharedTraces(userId)
                .chain(() -> imports.deleteImports(userId))
                .invoke(() -> importIds.forEach(id -> StagingArea.deleteQuietly(staging.directory(id))))
                .chain(() -> history.deleteUser(userId))
                .chain(() -> history.deleteTallies(importIds.stream().map(UUID::toString).toList()))
                .invoke(() -> LOG.infof("Erased %d imports and their history", importIds.size())));
    }

    private Uni<Void> eraseSharedTraces(String userId) {
        return names.withdrawClaims(userId)
                .chain(() -> imports.tracksOnlyTheyImported(userId))
                .chain(own -> resolutions.forget(own.stream().map(UserImportsRepository.OwnTrack::trackKey).toList()))
                .chain(this::deleteProviderOnlyTracks)
                .replaceWithVoid();
    }

    private Uni<Integer> deleteProviderOnlyTracks(Map<String, String> sourceByTrackId) {
        List<String> providerFound = sourceByTrackId.entrySet().stream()
                .filter(e -> e.getValue() != null && PROVIDERS.contains(e.getValue()))
                .map(Map.Entry::getKey).toList();
        return providerFound.isEmpty() ? Uni.createFrom().item(0) : catalog.deleteProviderOnlyTracks(providerFound, PROVIDERS);
    }
}

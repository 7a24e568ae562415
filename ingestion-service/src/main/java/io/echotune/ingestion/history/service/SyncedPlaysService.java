package io.echotune.ingestion.history.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.history.SyncedPlay;
import io.echotune.ingestion.imports.ImportFormat;
import io.echotune.ingestion.imports.parsing.FieldLimits;
import io.echotune.ingestion.imports.parsing.PlayNormaliser;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores the plays of one Spotify sync run for a user: each is checked and identified exactly like an export's
 * record (PlayNormaliser, RecordIdentity) with source SPOTIFY_RECENT, and written by the same HistoryWriter dedupe as
 * an import's batch. So a play synced twice, or synced and then imported from the export, is stored once (within the
 * limits docs/privacy.md "Spotify sync" names). All or nothing: one invalid play rejects the call, naming it.
 */
@ApplicationScoped
public class SyncedPlaysService {

    /** What one call did: plays received, new plays stored, plays already stored. */
    public record SyncOutcome(int received, int stored, int duplicates) {
    }

    private final HistoryWriter writer;
    private final IngestionConfig.Records limits;

    public SyncedPlaysService(HistoryWriter writer, IngestionConfig config) {
        this.writer = writer;
        this.limits = config.records();
    }

    public Uni<SyncOutcome> store(String userId, List<SyncedPlay> plays) {
        if (plays == null) {
            return Uni.createFrom().failure(ApiException.invalidField("plays", "is required"));
        }
        if (plays.size() > limits.maxSyncedPlaysPerCall()) {
            return Uni.createFrom().failure(ApiException.invalidField("plays",
                    "holds " + plays.size() + " plays; at most " + limits.maxSyncedPlaysPerCall() + " per call"));
        }
        PlayNormaliser normaliser = new PlayNormaliser(userId, ImportFormat.SPOTIFY_RECENT, false,
                limits.maxPlayed().toMillis(), System.currentTimeMillis() + limits.futureTolerance().toMillis(),
                new FieldLimits(limits.maxNameChars(), limits.maxUriChars(), limits.maxPlatformChars(),
                        limits.maxCodeChars()));
        // one record per identity: Spotify lists each play once, but a repeated item must not count twice
        Map<String, ListeningRecord> records = new LinkedHashMap<>();
        for (int i = 0; i < plays.size(); i++) {
            SyncedPlay play = plays.get(i);
            if (play == null) {
                return Uni.createFrom().failure(ApiException.invalidField("plays[" + i + "]", "must not be null"));
            }
            ListeningRecord record = normaliser.normalise(play.endTime(), play.msPlayed(), play.trackUri(),
                    play.trackName(), play.artistName(), play.albumName());
            if (record == null) {
                return Uni.createFrom().failure(ApiException.invalidField("plays[" + i + "]", normaliser.rejection()));
            }
            records.putIfAbsent(record.id(), record);
        }
        int received = plays.size();
        return writer.writeSynced(userId, new ArrayList<>(records.values()))
                .map(outcome -> new SyncOutcome(received, outcome.inserted(), received - outcome.inserted()));
    }
}

package io.echotune.ingestion.history.service;

import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.history.repository.ListeningHistoryRepository.Attribution;
import io.echotune.ingestion.history.repository.ListeningHistoryRepository.PlayWrites;
import io.echotune.ingestion.history.repository.ListeningHistoryRepository.StoredPlay;
import io.echotune.ingestion.history.repository.ListeningHistoryRepository.TimedPlay;
import io.echotune.ingestion.history.repository.ListeningHistoryRepository;
import io.echotune.ingestion.imports.ImportFormat;
import io.echotune.ingestion.imports.parsing.RecordIdentity;
import io.echotune.ingestion.shared.config.IngestionConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stores one batch of a user's records, idempotently, by deterministic _id: every record is first inserted as it
 * is, in one unordered bulk, and only what the store refuses as a duplicate key is decided against what it holds
 * (see {@link #insertAll}); a redelivered batch is refused whole and inserts nothing. On top of that, a basic and
 * an extended record of the same play are stored once, through the play key (see README "Identity and dedupe"). An
 * estimate is a BASIC record or a SPOTIFY_RECENT one (the Spotify sync's, which assumes a full play):
 * <ul>
 *   <li>an estimate whose play key is already held by any stored play is a duplicate;</li>
 *   <li>an EXTENDED/CSV record whose play key is held by a stored estimate replaces it (delete, then insert the
 *   richer record in one ordered bulk), keeping the importId that first stored the play;</li>
 *   <li>an EXTENDED/CSV record whose play key is held by another precise record (same track, same minute, same
 *   msPlayed, different second) is a different play: stored without the key.</li>
 * </ul>
 * A synced play and the export's record of it often differ in identity and play key (the sync assumes a full play
 * and stamps its own second), so for a user with synced plays the two are also matched by track and end time
 * ({@link SyncedPlayMatching}): an EXTENDED/CSV record replaces the synced play it matches, a BASIC one is a
 * duplicate of it, and a synced play matching a stored export record is a duplicate.
 * The check-then-write is race-free because all of a user's batches arrive on one Kafka partition and are
 * written one after another; if a stale consumer races anyway, the unique playKey index refuses the second
 * writer and the batch is re-decided. This class only decides: the documents and write models of its decisions
 * ({@link PlayWrites}) are the repository's, which alone knows the stored shape.
 */
@ApplicationScoped
public class HistoryWriter {

    private static final Logger LOG = Logger.getLogger(HistoryWriter.class);
    private static final int ATTEMPTS = 3;

    /** How far around a batch's end times stored plays are read for matching: a basic minute and the window. */
    private static final long MINUTE = 60_000L;

    private final ListeningHistoryRepository history;
    private final long syncMatchWindowMs;

    public HistoryWriter(ListeningHistoryRepository history, IngestionConfig config) {
        this.history = history;
        this.syncMatchWindowMs = config.records().syncMatchWindow().toMillis();
    }

    /** What one batch did: records inserted, basic plays replaced, records already stored, and what it owns. */
    public record Outcome(int inserted, int upgraded, int alreadyStored, int stored) {
    }

    /**
     * Writes one batch, then tallies how many of its records this batch stored: the documents among the batch's
     * ids that are attributed to this very import, file and batch, as found in the store (a redelivered batch
     * finds its own earlier inserts and counts them again, the same). The import's recordsStored is the sum of its
     * tallies, so it never depends on how often a batch was delivered.
     */
    public Uni<Outcome> write(String userId, UUID importId, int fileNo, long batchNo, List<ListeningRecord> records) {
        Attribution own = new Attribution(importId.toString(), fileNo, batchNo);
        return replaceSyncedPlays(userId, withCurrentIds(userId, records))
                .chain(matched -> insertAll(userId, own, matched.rest()).map(matched::addTo))
                .map(Decided::outcome)
                .call(outcome -> history.recordTally(importId.toString(), fileNo, batchNo, outcome.stored()));
    }

    /**
     * Writes plays that belong to no import (the Spotify sync's, SPOTIFY_RECENT): the same identity and dedupe as an
     * import's batch, stored without an importId and without a tally. {@code inserted} counts the new plays.
     */
    public Uni<Outcome> writeSynced(String userId, List<ListeningRecord> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(new Outcome(0, 0, 0, 0));
        }
        long first = records.stream().mapToLong(ListeningRecord::playedAt).min().orElseThrow();
        long last = records.stream().mapToLong(ListeningRecord::playedAt).max().orElseThrow();
        // the span first: an import that reads it must see every synced play that may already be stored
        return history.widenSyncSpan(userId, first, last)
                .chain(() -> history.playsBetween(userId, first - MINUTE - syncMatchWindowMs,
                        last + MINUTE + syncMatchWindowMs, false))
                .chain(imported -> {
                    Map<Integer, ?> known = SyncedPlayMatching.pair(records, imported, syncMatchWindowMs);
                    List<ListeningRecord> unknown = new ArrayList<>();
                    for (int i = 0; i < records.size(); i++) {
                        if (!known.containsKey(i)) {
                            unknown.add(records.get(i));
                        }
                    }
                    return insertAll(userId, new Attribution(null, null, null), unknown)
                            .map(d -> new Decided(d.inserted(), d.upgraded(), d.alreadyStored() + known.size(), d.owned()));
                })
                .map(Decided::outcome);
    }

    /** What matching a batch with the user's synced plays did, and the records left for the usual write. */
    private record SyncMatch(List<ListeningRecord> rest, int upgraded, int alreadyStored) {
        Decided addTo(Decided decided) {
            return new Decided(decided.inserted(), decided.upgraded() + upgraded,
                    decided.alreadyStored() + alreadyStored, decided.owned());
        }
    }

    /**
     * For a user with synced plays around this batch's end times: an EXTENDED/CSV record that matches a synced play
     * replaces it (one ordered bulk: delete, then insert) keeping the sync's attribution, so the import counts it as
     * a duplicate; a BASIC record that matches one is a duplicate (the first estimate stands). The rest go on to the
     * usual write. Most batches cost one lookup of the user's span. Should a replacement collide with a stored id
     * or play key (a redelivery racing the sync), the matched records are left to the usual write instead, which
     * then decides them against what the store holds.
     */
    private Uni<SyncMatch> replaceSyncedPlays(String userId, List<ListeningRecord> records) {
        SyncMatch none = new SyncMatch(records, 0, 0);
        if (records.isEmpty()) {
            return Uni.createFrom().item(none);
        }
        long from = records.stream().mapToLong(ListeningRecord::playedAt).min().orElseThrow() - syncMatchWindowMs;
        long to = records.stream().mapToLong(ListeningRecord::playedAt).max().orElseThrow() + MINUTE + syncMatchWindowMs;
        return history.syncSpan(userId).chain(span -> span == null || !span.overlaps(from, to)
                ? Uni.createFrom().item(none)
                : history.playsBetween(userId, from - MINUTE, to, true).chain(synced -> {
                    Map<Integer, TimedPlay> pairs = SyncedPlayMatching.pair(records, synced, syncMatchWindowMs);
                    if (pairs.isEmpty()) {
                        return Uni.createFrom().item(none);
                    }
                    PlayWrites writes = new PlayWrites(userId);
                    List<ListeningRecord> rest = new ArrayList<>();
                    int upgraded = 0;
                    for (int i = 0; i < records.size(); i++) {
                        ListeningRecord r = records.get(i);
                        TimedPlay play = pairs.get(i);
                        if (play == null) {
                            rest.add(r);
                        } else if (!r.estimate()) {
                            writes.replaceSynced(play, r);
                            upgraded++;
                        }
                    }
                    SyncMatch matched = new SyncMatch(rest, upgraded, pairs.size());
                    return writes.isEmpty() ? Uni.createFrom().item(matched)
                            : history.write(writes).replaceWith(matched)
                                    .onFailure(ListeningHistoryRepository::isDuplicateKey).recoverWithItem(e -> {
                                        LOG.warnf("A play replacing a synced one was stored meanwhile for user %s;"
                                                + " deciding the batch as usual", userId);
                                        return none;
                                    });
                }));
    }

    /**
     * Batches sent before record ids or play keys were ordered (still in Kafka during an upgrade) get the ids and
     * keys stored now.
     */
    private static List<ListeningRecord> withCurrentIds(String userId, List<ListeningRecord> records) {
        if (records.stream().noneMatch(HistoryWriter::hasLegacyIdentity)) {
            return records;
        }
        List<ListeningRecord> current = new ArrayList<>(records.size());
        for (ListeningRecord r : records) {
            current.add(!hasLegacyIdentity(r) ? r : new ListeningRecord(
                    RecordIdentity.recordId(userId, r.playedAt(), r.trackKey(), r.msPlayed()),
                    r.playKey() == null ? null
                            : RecordIdentity.playKeyOf(userId, r.playedAt(), r.artistName(), r.trackName(), r.msPlayed()),
                    r.playedAt(), r.msPlayed(), r.contentType(), r.trackUri(), r.trackKey(), r.trackName(),
                    r.artistName(), r.albumName(), r.reasonStart(), r.reasonEnd(), r.skipped(), r.shuffle(),
                    r.offline(), r.platform(), r.country(), r.source()));
        }
        return current;
    }

    private static boolean hasLegacyIdentity(ListeningRecord r) {
        return RecordIdentity.isLegacyRecordId(r.id()) || RecordIdentity.isLegacyPlayKey(r.playKey());
    }

    /** An outcome and the ids this batch owns (stored by it now or by an earlier delivery of it). */
    private record Decided(int inserted, int upgraded, int alreadyStored, Set<String> owned) {
        Outcome outcome() {
            return new Outcome(inserted, upgraded, alreadyStored, owned.size());
        }
    }

    /**
     * The common case is new plays, so every record is first inserted as it is, in one unordered bulk and without
     * reading anything. The store refuses what it already holds: E11000 on _id (stored before, or redelivered) or
     * on playKey (the same play from the other format, or a precise twin). Only the refused records are then
     * decided one by one against what is stored. Reading before each write would add a round trip per batch and a
     * read of every record's keys, as much work as the write itself; a first import pays them no more.
     */
    private Uni<Decided> insertAll(String userId, Attribution own, List<ListeningRecord> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(new Decided(0, 0, 0, Set.of()));
        }
        Set<String> all = new HashSet<>();
        records.forEach(r -> all.add(r.id()));
        return history.insertUnlessStored(userId, records, own).chain(refusedAt -> {
            if (refusedAt.isEmpty()) {
                return Uni.createFrom().item(new Decided(records.size(), 0, 0, all));
            }
            List<ListeningRecord> refused = new ArrayList<>();
            Set<String> insertedIds = new HashSet<>();
            for (int i = 0; i < records.size(); i++) {
                if (refusedAt.contains(i)) {
                    refused.add(records.get(i));
                } else {
                    insertedIds.add(records.get(i).id());
                }
            }
            return attempt(userId, own, refused, 1).map(rest -> {
                Set<String> owned = new HashSet<>(insertedIds);
                owned.addAll(rest.owned());
                return new Decided(insertedIds.size() + rest.inserted(), rest.upgraded(),
                        rest.alreadyStored(), owned);
            });
        });
    }

    private Uni<Decided> attempt(String userId, Attribution own, List<ListeningRecord> records, int attempt) {
        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (ListeningRecord r : records) {
            ids.add(r.id());
            if (r.playKey() != null) {
                keys.add(r.playKey());
            }
        }
        return history.existing(ids)
                .chain(existing -> history.findByPlayKeys(keys)
                        .map(byKey -> decide(userId, own, records, existing, byKey)))
                .chain(plan -> plan.writes.isEmpty() ? Uni.createFrom().item(plan.decided())
                        : history.write(plan.writes).replaceWith(plan::decided))
                .onFailure(e -> attempt < ATTEMPTS && ListeningHistoryRepository.isDuplicateKey(e)).recoverWithUni(e -> {
                    LOG.warnf("Concurrent write on an id or play key for import %s; deciding the batch again",
                            own.importId());
                    return attempt(userId, own, records, attempt + 1);
                });
    }

    private static final class Plan {
        final PlayWrites writes;
        final Set<String> owned = new HashSet<>();
        int inserted;
        int upgraded;
        int alreadyStored;

        Plan(String userId) {
            writes = new PlayWrites(userId);
        }

        Decided decided() {
            return new Decided(inserted, upgraded, alreadyStored, owned);
        }
    }

    private static Plan decide(String userId, Attribution own, List<ListeningRecord> records,
                               Map<String, Attribution> existing, Map<String, StoredPlay> byKey) {
        Plan plan = new Plan(userId);
        Map<String, Attribution> known = new HashMap<>(existing);
        Map<String, StoredPlay> keys = new HashMap<>(byKey);
        for (ListeningRecord r : records) {
            Attribution stored = known.get(r.id());
            if (stored != null) {
                if (own.equals(stored)) {
                    plan.owned.add(r.id());   // stored by an earlier delivery of this batch
                }
                plan.alreadyStored++;
                continue;
            }
            StoredPlay holder = r.playKey() == null ? null : keys.get(r.playKey());
            if (holder == null) {
                plan.writes.store(r, own);
                if (r.playKey() != null) {
                    keys.put(r.playKey(), new StoredPlay(r.id(), r.playKey(), r.source().name(), own));
                }
                known.put(r.id(), own);
                plan.owned.add(r.id());
                plan.inserted++;
            } else if (r.estimate()) {
                // the play is already stored (by an estimate or a precise record): count it once
                plan.alreadyStored++;
            } else if (ListeningRecord.isEstimate(holder.source())) {
                // the precise record replaces the estimate and keeps the attribution of the first import, or of
                // the sync that stored the play (so the import counts it as a duplicate: it stored nothing new)
                boolean firstKnown = holder.attribution().importId() != null
                        || ImportFormat.SPOTIFY_RECENT.name().equals(holder.source());
                Attribution first = firstKnown ? holder.attribution() : own;
                plan.writes.replaceEstimate(holder, r, first);
                keys.put(r.playKey(), new StoredPlay(r.id(), r.playKey(), r.source().name(), first));
                known.remove(holder.id());
                known.put(r.id(), first);
                if (own.equals(first)) {
                    plan.owned.add(r.id());
                }
                plan.upgraded++;
                plan.alreadyStored++;
            } else {
                // another precise play with the same minute, names and msPlayed: a different play
                plan.writes.storeWithoutPlayKey(r, own);
                known.put(r.id(), own);
                plan.owned.add(r.id());
                plan.inserted++;
            }
        }
        return plan;
    }
}

package io.echotune.recommender.service;

import io.echotune.commons.messaging.UntilStored;
import io.echotune.commons.music.SpotifyTrackIds;
import io.echotune.commons.music.TrackNames;
import io.echotune.recommender.Feedback;
import io.echotune.recommender.config.RecommenderConfig;
import io.echotune.recommender.ranking.CatalogFacts;
import io.echotune.recommender.ranking.CatalogIndex;
import io.echotune.recommender.ranking.Play;
import io.echotune.recommender.ranking.StoredProfile;
import io.echotune.recommender.ranking.TasteAccumulator;
import io.echotune.recommender.ranking.TasteProfile;
import io.echotune.recommender.repository.CatalogRepository;
import io.echotune.recommender.repository.FeedbackRepository;
import io.echotune.recommender.repository.HistoryRepository;
import io.echotune.recommender.repository.ProfileRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Taste profiles: built from the whole history when an import completes (and at start-up for profiles behind their
 * history), updated play by play from listening events, changed at once by feedback, and erased with the user.
 * Reads go through a small in-memory cache checked against the stored version on every request (one _id lookup), so
 * every replica sees a change as soon as it is stored. Writes are optimistic (see ProfileRepository) and retried.
 * A profile is only ever read and written for its own user: nothing here takes another user's data.
 */
@ApplicationScoped
public class ProfileService {

    private static final Logger LOG = Logger.getLogger(ProfileService.class);
    private static final int WRITE_ATTEMPTS = 5;
    private static final int MAX_FEEDBACK_MARKS = 2_000;
    static final int REBUILD_CHUNK = 2_000;

    private final ProfileRepository profiles;
    private final HistoryRepository history;
    private final CatalogRepository catalogRepository;
    private final FeedbackRepository feedback;
    private final ModelService model;
    private final RecommenderConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Cached> cache;
    private final Set<String> queuedRebuilds = new LinkedHashSet<>();
    private final UntilStored untilStored;
    private final ExecutorService rebuilds = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "recommender-profile-rebuild");
        t.setDaemon(true);
        return t;
    });

    private record Cached(long version, CatalogIndex catalog, TasteProfile profile) {
    }

    public ProfileService(ProfileRepository profiles, HistoryRepository history, CatalogRepository catalogRepository,
                          FeedbackRepository feedback, ModelService model, RecommenderConfig config,
                          UntilStored untilStored) {
        this.untilStored = untilStored;
        this.profiles = profiles;
        this.history = history;
        this.catalogRepository = catalogRepository;
        this.feedback = feedback;
        this.model = model;
        this.config = config;
        int capacity = config.taste().cachedProfiles();
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > capacity;
            }
        });
    }

    void onStart(@Observes StartupEvent startup) {
        // on the rebuild thread, not the model thread: catalog reloads and co-listening must not wait for histories
        model.afterFirstLoad(() -> rebuilds.submit(this::rebuildProfilesBehindTheirHistory));
        // A profile resolves its plays against the catalog it is rebuilt on: one rebuilt before this catalog (on a
        // fresh installation, against none at all) would keep no features or genres for them until its next import.
        model.afterEveryNewCatalogVersion(() -> rebuilds.submit(this::rebuildProfilesOnTheNewCatalog));
    }

    // ---------------------------------------------------------------- reads

    /** The caller's taste on this catalog; an empty profile for someone with no history and no feedback. */
    public Uni<TasteProfile> profileFor(String userId, CatalogIndex catalog) {
        return profiles.version(userId).flatMap(version -> {
            Cached cached = cache.get(userId);
            if (cached != null && cached.version() == version && cached.catalog() == catalog) {
                return Uni.createFrom().item(cached.profile());
            }
            if (version == 0) {
                TasteProfile empty = TasteProfile.empty(catalog);
                cache.put(userId, new Cached(0, catalog, empty));
                return Uni.createFrom().item(empty);
            }
            return profiles.find(userId).emitOn(Infrastructure.getDefaultWorkerPool()).map(stored -> {
                if (stored.isEmpty()) {
                    return TasteProfile.empty(catalog);
                }
                TasteProfile derived = TasteProfile.derive(stored.get().taste(), stored.get().feedback(), catalog,
                        config.taste().lovedTracks());
                cache.put(userId, new Cached(stored.get().version(), catalog, derived));
                return derived;
            });
        });
    }

    /** The stored profile, for the profile endpoint. */
    public Uni<StoredProfile> stored(String userId) {
        return profiles.find(userId).map(p -> p.orElse(StoredProfile.empty(userId, config.taste().halfLife().toMillis())));
    }

    // ---------------------------------------------------------------- rebuild

    /**
     * Rebuilds the profile from the user's whole history and feedback (idempotent: same data, same profile). The
     * history is streamed in chunks of {@link #REBUILD_CHUNK} plays, each resolved and added before the next is read,
     * so memory is the accumulator plus one chunk whatever the history's length (docs/recommender.md, "Memory").
     */
    public Uni<Void> rebuild(String userId) {
        return model.snapshot().flatMap(snapshot -> {
            CatalogIndex catalog = snapshot.catalog();
            TasteAccumulator acc = new TasteAccumulator(config.taste().halfLife().toMillis());
            return history.plays(userId)
                    .group().intoLists().of(REBUILD_CHUNK)
                    .onItem().transformToUniAndConcatenate(chunk -> resolve(chunk, catalog)
                            .emitOn(Infrastructure.getDefaultWorkerPool())
                            .invoke(resolved -> {
                                acc.addAll(resolved, new CatalogFacts(catalog));
                                acc.boundTracks(config.taste().maxTracks());
                                acc.boundArtists(config.taste().maxArtists());
                            }))
                    .collect().last()
                    .flatMap(ignored -> feedback.findByUser(userId))
                    .flatMap(all -> {
                        acc.trimTracks(config.taste().maxTracks());
                        acc.trimArtists(config.taste().maxArtists());
                        List<TasteProfile.Mark> marks = latestMarks(all);
                        if (acc.records() == 0 && marks.isEmpty()) {
                            // nothing to learn from: never (re)create a profile, e.g. for a user erased after the
                            // import.completed that queued this rebuild
                            return profiles.delete(userId).invoke(() -> cache.remove(userId)).replaceWith(true);
                        }
                        return write(userId, current -> new StoredProfile(userId, current.version() + 1, clock.millis(),
                                acc.records(), acc, marks, current.appliedEvents(), loved(acc, marks, catalog)));
                    });
        }).invoke(this::afterWrite).replaceWithVoid();
    }

    /**
     * Queues a rebuild and returns at once, so the import-events consumer never waits on a long history. Rebuilds run
     * one at a time (one chunk and one accumulator in memory); a user queued again before theirs starts is rebuilt
     * once. A rebuild lost to a crash is redone by the start-up check (its record count is behind the history); a
     * rebuild that fails (MongoDB out of reach) is retried with back-off until it is done, like every consumer's work,
     * and readiness ({@code event-consumers}, as "profile-rebuilds") shows while it waits.
     */
    public void requestRebuild(String userId) {
        synchronized (queuedRebuilds) {
            if (!queuedRebuilds.add(userId)) {
                return;
            }
        }
        rebuilds.submit(() -> {
            synchronized (queuedRebuilds) {
                queuedRebuilds.remove(userId);
            }
            try {
                untilStored.run("profile-rebuilds", "the profile rebuild of " + userId, () -> rebuild(userId))
                        .await().indefinitely();
            } catch (RuntimeException e) {
                // only an interrupt (shutdown) ends the wait; the start-up check redoes what was behind
                LOG.warnf("Profile rebuild of %s stopped (%s); it is redone at start-up", userId, e.toString());
            }
        });
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        rebuilds.shutdownNow();
    }

    /**
     * At start-up: profiles missing or behind their history (another record count) are rebuilt, one at a time, on the
     * rebuild thread (imports completing meanwhile queue behind).
     */
    void rebuildProfilesBehindTheirHistory() {
        rebuildProfiles("Start-up profile check", (stored, records) -> stored == null || stored.historyRecords() != records);
    }

    /** After the model moved to another catalog version: every profile built before it is rebuilt on it. */
    void rebuildProfilesOnTheNewCatalog() {
        long loadedAt = clock.millis();
        rebuildProfiles("Profile rebuild on the new catalog", (stored, records) -> stored == null || stored.builtAt() < loadedAt);
    }

    /** One at a time, on the rebuild thread, the profiles of users with history that {@code due} picks. */
    private void rebuildProfiles(String what, BiPredicate<StoredProfile, Long> due) {
        try {
            List<HistoryRepository.UserRecords> users = history.recordsPerUser().await().indefinitely();
            int rebuilt = 0;
            for (HistoryRepository.UserRecords user : users) {
                if (user.userId() == null) {
                    continue;
                }
                StoredProfile stored = profiles.find(user.userId()).await().indefinitely().orElse(null);
                if (due.test(stored, user.records())) {
                    rebuild(user.userId()).await().indefinitely();
                    rebuilt++;
                }
            }
            LOG.infof("%s: %d users with history, %d profiles rebuilt", what, users.size(), rebuilt);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s failed; profiles are rebuilt at each user's next import", what);
        }
    }

    // ---------------------------------------------------------------- incremental

    /** The plays of one {@code listening.records} event, by its id (null: not from an event, never deduplicated). */
    public record PlaysEvent(String eventId, List<Play> plays) {
    }

    /**
     * Adds the plays of these events (one user's, in order) to the profile in one write; an event already applied
     * (a redelivery) adds nothing.
     */
    public Uni<Void> applyPlays(String userId, List<PlaysEvent> events) {
        List<Play> all = new ArrayList<>();
        events.forEach(e -> all.addAll(e.plays()));
        return model.snapshot().flatMap(snapshot -> resolve(all, snapshot.catalog())
                .flatMap(resolved -> write(userId, current -> {
                    List<Play> fresh = new ArrayList<>();
                    List<String> applied = new ArrayList<>(current.appliedEvents());
                    int at = 0;
                    for (PlaysEvent event : events) {
                        int size = event.plays().size();
                        if (event.eventId() == null || !applied.contains(event.eventId())) {
                            fresh.addAll(resolved.subList(at, at + size));
                            if (event.eventId() != null) {
                                applied.add(event.eventId());
                            }
                        }
                        at += size;
                    }
                    if (fresh.isEmpty()) {
                        return null;
                    }
                    TasteAccumulator acc = current.taste();
                    acc.addAll(fresh, new CatalogFacts(snapshot.catalog()));
                    acc.trimTracks(config.taste().maxTracks());
                    acc.trimArtists(config.taste().maxArtists());
                    int keep = config.taste().rememberedEvents();
                    List<String> kept = applied.subList(Math.max(0, applied.size() - keep), applied.size());
                    return new StoredProfile(userId, current.version() + 1, current.builtAt(),
                            current.historyRecords(), acc, current.feedback(), kept,
                            loved(acc, current.feedback(), snapshot.catalog()));
                })))
                .invoke(this::afterWrite).replaceWithVoid();
    }

    /** Feedback changes the profile before the call answers, so the very next recommendation reflects it. */
    public Uni<Void> applyFeedback(String userId, TasteProfile.Mark mark) {
        return model.snapshot().flatMap(snapshot -> write(userId, current -> {
            List<TasteProfile.Mark> marks = new ArrayList<>(current.feedback());
            marks.removeIf(m -> m.trackId().equals(mark.trackId()));
            marks.add(mark);
            List<TasteProfile.Mark> kept = marks.subList(Math.max(0, marks.size() - MAX_FEEDBACK_MARKS), marks.size());
            return new StoredProfile(userId, current.version() + 1, current.builtAt(), current.historyRecords(),
                    current.taste(), kept, current.appliedEvents(), loved(current.taste(), kept, snapshot.catalog()));
        })).invoke(this::afterWrite).replaceWithVoid();
    }

    /** Erasure: the profile, the feedback and the cached copy (idempotent). */
    public Uni<Void> erase(String userId) {
        cache.remove(userId);
        return profiles.delete(userId).chain(() -> feedback.deleteByUser(userId)).replaceWithVoid()
                .invoke(() -> {
                    cache.remove(userId);
                    model.profilesChanged();
                });
    }

    /** Co-listening reads only the loved lists: a write that kept them as they were needs no re-learning. */
    private void afterWrite(boolean lovedChanged) {
        if (lovedChanged) {
            model.profilesChanged();
        }
    }

    /**
     * Read, change, write if nobody wrote meanwhile, else again. {@code change} returns null when there is nothing to
     * write. Emits whether the loved tracks changed.
     */
    private Uni<Boolean> write(String userId, Function<StoredProfile, StoredProfile> change) {
        return attempt(userId, change, 1);
    }

    private Uni<Boolean> attempt(String userId, Function<StoredProfile, StoredProfile> change, int attempt) {
        return profiles.find(userId).flatMap(found -> {
            StoredProfile current = found.orElse(StoredProfile.empty(userId, config.taste().halfLife().toMillis()));
            StoredProfile next = change.apply(current);
            if (next == null) {
                return Uni.createFrom().item(false);
            }
            return profiles.save(next).flatMap(saved -> {
                if (saved) {
                    cache.remove(userId);
                    return Uni.createFrom().item(!next.loved().equals(current.loved()));
                }
                if (attempt >= WRITE_ATTEMPTS) {
                    return Uni.createFrom().failure(new IllegalStateException("profile of " + userId
                            + " kept changing under " + WRITE_ATTEMPTS + " attempts to write it"));
                }
                return attempt(userId, change, attempt + 1);
            });
        });
    }

    // ---------------------------------------------------------------- plays and facts

    /**
     * Each play with the catalog id it resolves to: its {@code spotify:track:} URI when the catalog has that id, else
     * its normalised artist and title through {@code track_names} (basic exports have no URI, and another release
     * of the same song is the same song). Plays arrive with the URI in {@code trackId}; unresolved ones leave null.
     */
    Uni<List<Play>> resolve(List<Play> plays, CatalogIndex catalog) {
        String[] ids = new String[plays.size()];
        String[] nameKeys = new String[plays.size()];
        Set<String> unresolved = new HashSet<>();
        Map<String, Map<String, String>> keyByArtistAndTitle = new HashMap<>();   // a history repeats its songs
        for (int i = 0; i < ids.length; i++) {
            Play p = plays.get(i);
            ids[i] = catalogId(p, catalog);
            if (ids[i] == null && p.trackName() != null && p.artistName() != null) {
                nameKeys[i] = keyByArtistAndTitle.computeIfAbsent(p.artistName(), a -> new HashMap<>())
                        .computeIfAbsent(p.trackName(), t -> TrackNames.nameKey(p.artistName(), t));
                unresolved.add(nameKeys[i]);
            }
        }
        return catalogRepository.trackIdsByNameKey(unresolved).map(byName -> {
            List<Play> out = new ArrayList<>(plays.size());
            for (int i = 0; i < ids.length; i++) {
                Play p = plays.get(i);
                String id = ids[i];
                if (nameKeys[i] != null) {
                    String named = byName.get(nameKeys[i]);
                    id = named != null && catalog.track(named) >= 0 ? named : null;
                }
                // the track key stays: a play outside the catalog is still learned as a track (docs/recommender.md)
                out.add(new Play(p.recordId(), p.playedAt(), p.msPlayed(), p.contentType(), id, p.trackName(),
                        p.artistName(), p.reasonStart(), p.reasonEnd(), p.skipped(), trackKey(p), p.albumName()));
            }
            return out;
        });
    }

    /** Ingestion's identity of the play's track: its URI (held in trackId until resolved), else its name key. */
    private static String trackKey(Play p) {
        return SpotifyTrackIds.parse(p.trackId()).map(SpotifyTrackIds::uri).orElse(p.trackKey());
    }

    private static String catalogId(Play p, CatalogIndex catalog) {
        String id = SpotifyTrackIds.parse(p.trackId()).orElse(null);
        return id != null && catalog.track(id) >= 0 ? id : null;
    }

    private static List<TasteProfile.Mark> latestMarks(List<Feedback> all) {
        Map<String, TasteProfile.Mark> latest = new LinkedHashMap<>();
        for (Feedback f : all) {
            latest.remove(f.trackId());
            latest.put(f.trackId(), new TasteProfile.Mark(f.trackId(), f.signal(), f.receivedAt().toEpochMilli()));
        }
        List<TasteProfile.Mark> marks = new ArrayList<>(latest.values());
        return marks.subList(Math.max(0, marks.size() - MAX_FEEDBACK_MARKS), marks.size());
    }

    private List<String> loved(TasteAccumulator acc, List<TasteProfile.Mark> marks, CatalogIndex catalog) {
        int[] loved = TasteProfile.derive(acc, marks, catalog, config.taste().lovedTracks()).loved();
        return Arrays.stream(loved).mapToObj(catalog::id).toList();
    }

    /** Profiles held in memory and their estimated size (for the model metrics). */
    public long cachedBytes() {
        synchronized (cache) {
            return cache.values().stream().mapToLong(c -> c.profile().estimatedBytes()).sum();
        }
    }

    public int cachedProfiles() {
        return cache.size();
    }
}

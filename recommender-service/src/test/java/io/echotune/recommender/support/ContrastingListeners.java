package io.echotune.recommender.support;

import io.echotune.commons.music.catalog.CatalogTrack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Listeners whose histories pull against a request, made of real catalog tracks: one who loves loud, danced-to pop
 * (with "Levitating" by Dua Lipa and DaBaby among their favourites: energy 0.825, acousticness 0.009, the track of
 * issue 22) and one who loves quiet acoustic songs. Each favourite is played to the end, chosen, ten times over the
 * last two months, so the taste profile is as sure of them as a history can make it.
 */
public final class ContrastingListeners {

    /** "Levitating (feat. DaBaby)" by Dua Lipa, DaBaby. */
    public static final String LEVITATING = "463CkQjx2Zk1yXoBuierM9";
    public static final Instant LAST_PLAY = Instant.parse("2026-11-20T18:00:00Z");
    private static final int PLAYS_PER_TRACK = 10;

    private ContrastingListeners() {
    }

    /** The most popular catalog tracks tagged dance pop with energy >= 0.75 and acousticness <= 0.1, Levitating first. */
    public static List<CatalogTrack> dancePop(int count) {
        return favourites(LEVITATING, count, t -> t.genres().contains("dance pop")
                && value(t, "energy") >= 0.75 && value(t, "acousticness") <= 0.1);
    }

    /** The most popular catalog tracks tagged acoustic, folk or singer-songwriter with energy <= 0.3, acousticness >= 0.8. */
    public static List<CatalogTrack> quietAcoustic(int count) {
        return favourites(null, count, t -> t.genres().stream().anyMatch(g -> g.contains("acoustic") || g.contains("folk")
                || g.contains("singer-songwriter")) && value(t, "energy") <= 0.3 && value(t, "acousticness") >= 0.8);
    }

    private static List<CatalogTrack> favourites(String first, int count, Predicate<CatalogTrack> kind) {
        List<CatalogTrack> out = new ArrayList<>();
        SharedData.catalog().tracks().stream().filter(t -> t.id().equals(first)).forEach(out::add);
        SharedData.catalog().tracks().stream()
                .filter(t -> !t.id().equals(first) && t.name() != null && !t.artists().isEmpty() && kind.test(t))
                .sorted(Comparator.comparing((CatalogTrack t) -> t.popularity() == null ? 0 : t.popularity()).reversed()
                        .thenComparing(CatalogTrack::id))
                .limit(count - out.size())
                .forEach(out::add);
        return out;
    }

    /** A feature of a catalog track, NaN when the catalog does not know it. */
    public static double value(CatalogTrack t, String feature) {
        Double v = t.features().asMap().get(feature);
        return v == null ? Double.NaN : v;
    }

    /** Ten complete, chosen plays of every track, spread over the two months before {@link #LAST_PLAY}. */
    public static List<ExportedHistories.StoredPlay> plays(List<CatalogTrack> favourites) {
        List<ExportedHistories.StoredPlay> out = new ArrayList<>();
        for (int i = 0; i < PLAYS_PER_TRACK; i++) {
            for (int k = 0; k < favourites.size(); k++) {
                CatalogTrack t = favourites.get(k);
                Instant end = LAST_PLAY.minus(Duration.ofHours(6L * (i * favourites.size() + k) % (60 * 24)));
                long played = t.durationMs() != null ? t.durationMs() : 200_000;
                out.add(new ExportedHistories.StoredPlay(end, played, "music", "spotify:track:" + t.id(), "spotify:track:" + t.id(),
                        t.name(), t.artists().get(0), t.album(), "clickrow", "trackdone", false, false, "EXTENDED"));
            }
        }
        return out;
    }

    /** Stores the plays as the user's history, completes the import and waits for the profile built from them. */
    public static void importFavourites(String userId, List<CatalogTrack> favourites) {
        List<org.bson.Document> docs = ExportedHistories.documents(userId, plays(favourites));
        Stores.history().insertMany(docs);
        Stores.completeImport(userId, docs.size());
        Stores.awaitProfile(userId, docs.size());
    }

    /** The catalog's tracks by id. */
    public static Map<String, CatalogTrack> catalogById() {
        Map<String, CatalogTrack> byId = new java.util.HashMap<>();
        SharedData.catalog().tracks().forEach(t -> byId.put(t.id(), t));
        return byId;
    }
}

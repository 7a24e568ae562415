package io.echotune.recommender.mapping;

import io.echotune.recommender.FeedbackSignal;
import io.echotune.recommender.ranking.StoredProfile;
import io.echotune.recommender.ranking.TasteAccumulator;
import io.echotune.recommender.ranking.TasteProfile;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link StoredProfile} to and from its {@code taste_profiles} document (docs/recommender.md, "Stored profile").
 * Sums are doubles, counts ints, times dates; tracks, artists and genres are arrays of sub-documents sorted by key,
 * so the same profile always serialises the same way.
 */
public final class ProfileDocuments {

    private ProfileDocuments() {
    }

    public static Document toDocument(StoredProfile p) {
        TasteAccumulator a = p.taste();
        List<Document> tracks = new ArrayList<>();
        a.tracks().forEach((id, t) -> tracks.add(track(id, t)));
        List<Document> outside = new ArrayList<>();
        a.outside().forEach((key, t) -> outside.add(track(key, t).append("name", t.name).append("artist", t.artist)
                .append("album", t.album)));
        List<Document> artists = new ArrayList<>();
        a.artists().forEach((key, s) -> artists.add(new Document("key", key).append("name", s.name).append("pos", s.positive)
                .append("neg", s.negative).append("plays", s.plays).append("streams", s.streams).append("skips", s.skips)
                .append("last", new Date(s.lastPlayedAt)).append("genres", s.genres)));
        List<Document> genres = new ArrayList<>();
        a.genres().forEach((name, g) -> genres.add(new Document("name", name).append("pos", g.positive).append("streams", g.streams)));
        List<Document> contexts = new ArrayList<>();
        for (int b = 0; b < TasteAccumulator.BUCKETS.size(); b++) {
            contexts.add(sums(a.context(b)).append("bucket", TasteAccumulator.BUCKETS.get(b)));
        }
        List<Document> feedback = new ArrayList<>();
        for (TasteProfile.Mark m : p.feedback()) {
            feedback.add(new Document("trackId", m.trackId()).append("signal", m.signal().wireName()).append("at", new Date(m.at())));
        }
        return new Document("_id", p.userId())
                .append("version", p.version())
                .append("builtAt", new Date(p.builtAt()))
                .append("historyRecords", p.historyRecords())
                .append("halfLifeMs", a.halfLifeMs())
                .append("reference", a.reference() == Long.MIN_VALUE ? null : new Date(a.reference()))
                .append("records", a.records())
                .append("musicPlays", a.musicPlays())
                .append("streams", a.streams())
                .append("skips", a.skips())
                .append("resolvedPlays", a.resolvedPlays())
                .append("tracks", tracks)
                .append("outsideTracks", outside)
                .append("artists", artists)
                .append("genres", genres)
                .append("features", sums(a.features()))
                .append("contexts", contexts)
                .append("feedback", feedback)
                .append("appliedEvents", p.appliedEvents())
                .append("loved", p.loved());
    }

    public static StoredProfile fromDocument(Document d) {
        Map<String, TasteAccumulator.TrackStats> tracks = new HashMap<>();
        for (Document t : docs(d, "tracks")) {
            tracks.put(t.getString("id"), track(t));
        }
        Map<String, TasteAccumulator.TrackStats> outside = new HashMap<>();
        for (Document t : docs(d, "outsideTracks")) {
            TasteAccumulator.TrackStats s = track(t);
            s.name = t.getString("name");
            s.artist = t.getString("artist");
            s.album = t.getString("album");
            outside.put(t.getString("id"), s);
        }
        Map<String, TasteAccumulator.ArtistStats> artists = new HashMap<>();
        for (Document t : docs(d, "artists")) {
            TasteAccumulator.ArtistStats s = new TasteAccumulator.ArtistStats();
            s.name = t.getString("name");
            s.positive = dbl(t, "pos");
            s.negative = dbl(t, "neg");
            s.plays = integer(t, "plays");
            s.streams = integer(t, "streams");
            s.skips = integer(t, "skips");
            s.lastPlayedAt = t.getDate("last").getTime();
            s.genres = strings(t.get("genres"));
            artists.put(t.getString("key"), s);
        }
        Map<String, TasteAccumulator.GenreStats> genres = new HashMap<>();
        for (Document t : docs(d, "genres")) {
            TasteAccumulator.GenreStats s = new TasteAccumulator.GenreStats();
            s.positive = dbl(t, "pos");
            s.streams = integer(t, "streams");
            genres.put(t.getString("name"), s);
        }
        List<Document> contextDocs = docs(d, "contexts");
        TasteAccumulator.FeatureSums[] contexts = new TasteAccumulator.FeatureSums[TasteAccumulator.BUCKETS.size()];
        for (int b = 0; b < contexts.length; b++) {
            contexts[b] = b < contextDocs.size() ? sums(contextDocs.get(b)) : new TasteAccumulator.FeatureSums();
        }
        Date reference = d.getDate("reference");
        TasteAccumulator acc = TasteAccumulator.restore(((Number) d.get("halfLifeMs")).longValue(),
                reference == null ? Long.MIN_VALUE : reference.getTime(), lng(d, "records"), lng(d, "musicPlays"),
                lng(d, "streams"), lng(d, "skips"), lng(d, "resolvedPlays"), tracks, outside, artists, genres,
                sums((Document) d.get("features")), contexts);
        List<TasteProfile.Mark> feedback = new ArrayList<>();
        for (Document f : docs(d, "feedback")) {
            FeedbackSignal.fromWireName(f.getString("signal")).ifPresent(signal ->
                    feedback.add(new TasteProfile.Mark(f.getString("trackId"), signal, f.getDate("at").getTime())));
        }
        return new StoredProfile(d.getString("_id"), lng(d, "version"), d.getDate("builtAt").getTime(),
                lng(d, "historyRecords"), acc, feedback, strings(d.get("appliedEvents")), strings(d.get("loved")));
    }

    /** A track's sums; {@code recent}: the days of its streams in the current rotation (TasteAccumulator). */
    private static Document track(String id, TasteAccumulator.TrackStats t) {
        List<Integer> recent = new ArrayList<>(t.recentDays.length);
        for (int day : t.recentDays) {
            recent.add(day);
        }
        return new Document("id", id).append("pos", t.positive).append("neg", t.negative).append("plays", t.plays)
                .append("streams", t.streams).append("skips", t.skips).append("first", new Date(t.firstPlayedAt))
                .append("last", new Date(t.lastPlayedAt)).append("recent", recent);
    }

    private static TasteAccumulator.TrackStats track(Document t) {
        TasteAccumulator.TrackStats s = new TasteAccumulator.TrackStats();
        s.positive = dbl(t, "pos");
        s.negative = dbl(t, "neg");
        s.plays = integer(t, "plays");
        s.streams = integer(t, "streams");
        s.skips = integer(t, "skips");
        s.firstPlayedAt = t.getDate("first").getTime();
        s.lastPlayedAt = t.getDate("last").getTime();
        if (t.get("recent") instanceof List<?> recent) {
            s.recentDays = recent.stream().mapToInt(x -> ((Number) x).intValue()).toArray();
        }
        return s;
    }

    private static Document sums(TasteAccumulator.FeatureSums s) {
        return new Document("weight", list(s.weight)).append("sum", list(s.sum)).append("squares", list(s.squares))
                .append("plays", s.plays);
    }

    private static TasteAccumulator.FeatureSums sums(Document d) {
        TasteAccumulator.FeatureSums s = new TasteAccumulator.FeatureSums();
        if (d == null) {
            return s;
        }
        fill(d, "weight", s.weight);
        fill(d, "sum", s.sum);
        fill(d, "squares", s.squares);
        s.plays = integer(d, "plays");
        return s;
    }

    private static List<Double> list(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    private static void fill(Document d, String field, double[] into) {
        Object value = d.get(field);
        if (value instanceof List<?> list) {
            for (int i = 0; i < into.length && i < list.size(); i++) {
                into[i] = ((Number) list.get(i)).doubleValue();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Document> docs(Document d, String field) {
        Object value = d.get(field);
        return value instanceof List<?> list ? (List<Document>) list : List.of();
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    private static double dbl(Document d, String field) {
        Object v = d.get(field);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    private static int integer(Document d, String field) {
        Object v = d.get(field);
        return v instanceof Number n ? n.intValue() : 0;
    }

    private static long lng(Document d, String field) {
        Object v = d.get(field);
        return v instanceof Number n ? n.longValue() : 0;
    }
}

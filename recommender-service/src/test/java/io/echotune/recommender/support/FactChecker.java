package io.echotune.recommender.support;

import com.mongodb.client.model.Filters;
import io.echotune.commons.music.SpotifyTrackIds;
import io.echotune.commons.music.TrackNames;
import io.echotune.commons.music.TrackRefs;
import org.bson.Document;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks what an explanation says against the stores, recomputing every fact independently from MongoDB (the
 * listening history, the catalog, the profiles and the feedback), with the fleet's definitions: a play counts when it
 * is music of at least 30 s (a stream); a play is a catalog track by its URI, else by artist and title through
 * track_names; a genre is the track's catalog tags, or for plays outside the catalog the artist table's tags.
 */
public final class FactChecker {

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String userId;
    private final List<Document> plays;
    private final List<String> resolved = new ArrayList<>();
    private final Map<String, Document> tracks = new HashMap<>();
    private final Map<String, List<String>> artistTags = new HashMap<>();

    public FactChecker(String userId) {
        this.userId = userId;
        this.plays = Stores.plays(userId);
        for (Document p : plays) {
            resolved.add(resolve(p));
        }
    }

    private String resolve(Document play) {
        String id = SpotifyTrackIds.parse(play.getString("trackUri")).orElse(null);
        if (id != null && track(id) != null) {
            return id;
        }
        String artist = play.getString("artistName");
        String title = play.getString("trackName");
        if (artist != null && title != null) {
            Document named = Stores.trackNames().find(Filters.eq("_id", TrackNames.nameKey(artist, title))).first();
            if (named != null && track(named.getString("trackId")) != null) {
                return named.getString("trackId");
            }
        }
        return null;
    }

    private Document track(String id) {
        return tracks.computeIfAbsent(id, k -> Stores.tracks().find(Filters.eq("_id", k)).first());
    }

    @SuppressWarnings("unchecked")
    private List<String> tags(String artistKey) {
        return artistTags.computeIfAbsent(artistKey, k -> {
            Document a = Stores.artists().find(Filters.eq("_id", k)).first();
            return a == null ? List.of() : (List<String>) a.get("genres");
        });
    }

    private static boolean isStream(Document p) {
        String type = p.getString("contentType");
        return (type == null || type.equals("music")) && ((Number) p.get("msPlayed")).longValue() >= 30_000;
    }

    int artistStreams(String artist) {
        String key = TrackNames.normalise(artist);
        return (int) plays.stream().filter(FactChecker::isStream)
                .filter(p -> key.equals(TrackNames.normalise(p.getString("artistName")))).count();
    }

    @SuppressWarnings("unchecked")
    int genreStreams(String genre) {
        int n = 0;
        for (int i = 0; i < plays.size(); i++) {
            Document p = plays.get(i);
            if (!isStream(p)) {
                continue;
            }
            List<String> genres = resolved.get(i) != null ? (List<String>) track(resolved.get(i)).get("genres")
                    : p.getString("artistName") == null ? List.of() : tags(TrackNames.normalise(p.getString("artistName")));
            if (genres.contains(genre)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Every number in the explanation is one its evidence carries; numbers inside names (the track's own title and
     * artists, and names the evidence quotes) and months are not facts of their own.
     */
    @SuppressWarnings("unchecked")
    public static void numbersAreEvidenced(Map<String, Object> track, List<Map<String, Object>> evidence) {
        String explanation = (String) track.get("explanation");
        String text = explanation.replace((String) track.get("name"), " ");
        for (String artist : (List<String>) track.get("artists")) {
            text = text.replace(artist, " ");
        }
        Set<String> allowed = new HashSet<>();
        for (Map<String, Object> e : evidence) {
            for (String field : List.of("artist", "trackName", "genre", "context", "month")) {
                if (e.get(field) instanceof String s) {
                    text = text.replace(s, " ");
                }
            }
            if (e.get("genres") instanceof List<?> genres) {
                for (Object g : genres) {
                    text = text.replace(String.valueOf(g), " ");
                }
            }
            if (e.get("count") instanceof Number n) {
                allowed.add(String.valueOf(n.intValue()));
            }
            if (e.get("value") instanceof Number v) {
                double d = v.doubleValue();
                allowed.add(String.format(Locale.ROOT, "%.2f", d));
                allowed.add(String.format(Locale.ROOT, "%.1f", d));
                allowed.add(String.format(Locale.ROOT, "%.0f", d));
            }
        }
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            String number = m.group();
            if (number.equals("100") && text.contains("of 100")) {
                continue;   // the popularity scale, not a fact
            }
            assertTrue(allowed.contains(number), "'" + number + "' in \"" + explanation + "\" is not in its evidence " + evidence);
        }
    }

    /** Checks one piece of evidence about a recommended track against the stores. */
    @SuppressWarnings("unchecked")
    public void check(Map<String, Object> recommended, Map<String, Object> e) {
        String kind = (String) e.get("kind");
        String trackId = (String) recommended.get("trackId");
        Document track = trackId == null ? null : track(trackId);
        String where = kind + " " + e + " for " + trackId + " " + recommended.get("name");
        if (track == null) {
            // a track outside the catalog is one the listener played (issue 22), and only their plays can explain it
            assertTrue(plays.stream().anyMatch(p -> sameTrack(recommended, p)), "recommended track " + where
                    + " is in the catalog or in the listener's history");
            assertTrue(Set.of("track-plays", "rotation", "long-time-favourite", "artist-plays", "genre-plays", "feedback")
                    .contains(kind), "a track outside the catalog is explained from plays only: " + where);
        }
        switch (kind) {
            case "artist-plays" -> assertEquals(artistStreams((String) e.get("artist")), count(e), where);
            case "new-artist" -> assertEquals(0, artistStreams((String) e.get("artist")), where);
            case "genre-plays" -> assertEquals(genreStreams((String) e.get("genre")), count(e), where);
            case "track-plays", "long-time-favourite", "rotation" -> {
                assertEquals(trackId, e.get("trackId"), where);
                int streams = 0;
                int recent = 0;
                long first = Long.MAX_VALUE;
                long last = Long.MIN_VALUE;
                long today = Math.floorDiv(System.currentTimeMillis(), DAY);
                for (int i = 0; i < plays.size(); i++) {
                    Document p = plays.get(i);
                    if (trackId != null && trackId.equals(resolved.get(i)) || resolved.get(i) == null && sameTrack(recommended, p)) {
                        long at = p.getDate("playedAt").getTime();
                        streams += isStream(p) ? 1 : 0;
                        recent += isStream(p) && Math.floorDiv(at, DAY) > today - 21 ? 1 : 0;
                        first = Math.min(first, at);
                        last = Math.max(last, at);
                    }
                }
                switch (kind) {
                    case "rotation" -> assertEquals(recent, count(e), where);
                    case "long-time-favourite" -> {
                        assertEquals(streams, count(e), where);
                        assertEquals(MONTH.format(new Date(first).toInstant()), e.get("month"), where);
                    }
                    default -> {
                        assertEquals(streams, count(e), where);
                        assertEquals(MONTH.format(new Date(last).toInstant()), e.get("month"), where);
                    }
                }
            }
            case "feature-fit", "taste-fit" -> {
                String feature = (String) e.get("feature");
                double stored = ((Number) ((Document) track.get("features")).get(feature)).doubleValue();
                double said = ((Number) e.get("value")).doubleValue();
                double tolerance = feature.equals("tempo") ? 0.5 : feature.equals("loudness") ? 0.05 : 0.005;
                assertTrue(Math.abs(stored - said) <= tolerance + 1e-6, where + ": stored " + stored);
            }
            case "shared-playlists" -> {
                Document anchor = track((String) e.get("trackId"));
                Set<String> shared = new HashSet<>((List<String>) anchor.get("playlists"));
                shared.retainAll((List<String>) track.get("playlists"));
                assertEquals(shared.size(), count(e), where);
                assertEquals(anchor.getString("name"), e.get("trackName"), where);
            }
            case "co-listeners" -> {
                String anchor = (String) e.get("trackId");
                // the asker is never counted (issue #15): only other listeners who love both
                long both = Stores.profiles().countDocuments(Filters.and(Filters.eq("loved", anchor), Filters.eq("loved", trackId),
                        Filters.ne("_id", userId)));
                assertEquals(both, count(e), where);
            }
            case "artist-co-listeners" -> {
                // baskets besides the asker's holding both artists: public playlists with a track of each, other
                // listeners whose loved tracks include one of each (no public listening files in the tests)
                List<String> anchorTracks = new ArrayList<>();
                Set<String> anchorPlaylists = new HashSet<>();
                for (Document t : Stores.tracks().find(Filters.eq("artists", e.get("artist")))) {
                    anchorTracks.add(t.getString("_id"));
                    anchorPlaylists.addAll((List<String>) t.getOrDefault("playlists", List.of()));
                }
                List<String> artistTracks = new ArrayList<>();
                Set<String> artistPlaylists = new HashSet<>();
                for (Document t : Stores.tracks().find(Filters.eq("artists", e.get("context")))) {
                    artistTracks.add(t.getString("_id"));
                    artistPlaylists.addAll((List<String>) t.getOrDefault("playlists", List.of()));
                }
                assertTrue(((List<String>) track.get("artists")).contains((String) e.get("context")), where);
                anchorPlaylists.retainAll(artistPlaylists);
                long listeners = Stores.profiles().countDocuments(Filters.and(Filters.in("loved", anchorTracks),
                        Filters.in("loved", artistTracks), Filters.ne("_id", userId)));
                assertEquals(anchorPlaylists.size() + listeners, count(e), where);
                assertTrue(count(e) >= 5, where + ": fewer than 5 other baskets");
            }
            case "similar-artist" -> {
                String artist = (String) e.get("artist");
                assertEquals(artistStreams(artist), count(e), where);
                Set<String> artistGenres = new HashSet<>(tags(TrackNames.normalise(artist)));
                for (Document t : Stores.tracks().find(Filters.eq("artists", artist))) {
                    artistGenres.addAll((List<String>) t.get("genres"));
                }
                for (String g : (List<String>) e.get("genres")) {
                    assertTrue(((List<String>) track.get("genres")).contains(g), where + ": track lacks " + g);
                    assertTrue(artistGenres.contains(g), where + ": " + artist + " lacks " + g);
                }
            }
            case "seed-artist" -> {
                List<String> genres = (List<String>) e.getOrDefault("genres", List.of());
                if (genres.isEmpty()) {
                    assertTrue(((List<String>) track.get("artists")).contains(e.get("artist")), where);
                } else {
                    for (String g : genres) {
                        assertTrue(((List<String>) track.get("genres")).contains(g), where);
                    }
                }
            }
            case "requested-genre", "prompt-genre" ->
                    assertTrue(((List<String>) track.get("genres")).contains(e.get("genre")), where);
            case "popularity" -> assertEquals(((Number) track.get("popularity")).intValue(),
                    ((Number) e.get("value")).intValue(), where);
            case "feedback" -> {
                List<Document> mine = Stores.feedback().find(Filters.and(Filters.eq("userId", userId),
                        Filters.eq("trackId", e.get("trackId")))).into(new ArrayList<>());
                mine.sort((a, b) -> a.getDate("receivedAt").compareTo(b.getDate("receivedAt")));
                assertTrue(!mine.isEmpty(), where);
                assertEquals(mine.get(mine.size() - 1).getString("signal"), e.get("signal"), where);
            }
            default -> fail("unknown evidence kind " + kind);
        }
    }

    private static final long DAY = 24L * 3600 * 1000;

    /** A play of a recommended track outside the catalog: by its URI when it has an id, else by its name key. */
    private static boolean sameTrack(Map<String, Object> recommended, Document play) {
        String id = (String) recommended.get("trackId");
        if (!TrackRefs.isNameKey(id)) {
            return SpotifyTrackIds.uri(id).equals(play.getString("trackUri"));
        }
        // known by name only (a basic export): its id is the name key of its plays
        return play.getString("trackUri") == null && play.getString("artistName") != null && play.getString("trackName") != null
                && id.equals(TrackNames.nameKey(play.getString("artistName"), play.getString("trackName")));
    }

    private static int count(Map<String, Object> e) {
        return ((Number) e.get("count")).intValue();
    }
}

package io.echotune.insights;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Imports the real exports in ../shared/data/history for a fresh user and compares every figure the service gives
 * with {@link PlainJavaInsights} computed over the same raw JSON.
 */
@QuarkusTest
class HistoryExactnessTest extends StoredDataTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** UTC+05:45: hours that do not start on a UTC hour. */
    private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");
    /** UTC-03:30 with daylight saving (-02:30). */
    private static final ZoneId ST_JOHNS = ZoneId.of("America/St_Johns");
    private static final String INSIGHTS = "/api/v1/insights/";
    private static final int ALL = 100;

    @Inject
    ObjectMapper json;

    @ParameterizedTest
    @ValueSource(strings = {"extended/efrrowini", "extended/primoscope", "basic/anferben", "basic/bjayesh47"})
    void everyFigureMatchesAPlainComputationOverTheRawExport(String export) throws IOException {
        List<ExportedPlay> plays = SpotifyExportLoader.load(export);
        assertFalse(plays.isEmpty(), "no plays read from " + export);
        String user = newUser();
        history().insertMany(SpotifyExportLoader.toDocuments(user, plays));
        PlainJavaInsights expected = new PlainJavaInsights(plays);

        assertEquals(expected.summary(), get(user, "summary", "", new TypeReference<ListeningSummary>() { }));
        assertEquals(expected.topArtists(false, ALL),
                get(user, "top-artists", "by=msPlayed&limit=" + ALL, new TypeReference<List<ArtistRank>>() { }));
        assertEquals(expected.topArtists(true, ALL),
                get(user, "top-artists", "by=streams&limit=" + ALL, new TypeReference<List<ArtistRank>>() { }));
        assertEquals(expected.topTracks(false, ALL),
                get(user, "top-tracks", "by=msPlayed&limit=" + ALL, new TypeReference<List<TrackRank>>() { }));
        assertEquals(expected.topTracks(true, ALL),
                get(user, "top-tracks", "by=streams&limit=" + ALL, new TypeReference<List<TrackRank>>() { }));

        Heatmap heatmap = get(user, "heatmap", "tz=Europe/Berlin", new TypeReference<Heatmap>() { });
        assertEquals(168, heatmap.cells().size());
        assertEquals(expected.heatmap(BERLIN), heatmap.cells());

        assertEquals(expected.discovery(BERLIN, null, null),
                get(user, "discovery", "tz=Europe/Berlin", new TypeReference<List<DiscoveryMonth>>() { }));

        List<ListeningSession> sessions = expected.sessions();
        SessionList served = get(user, "sessions", "limit=" + ALL, new TypeReference<SessionList>() { });
        assertEquals(sessions.size(), served.totalSessions());
        assertEquals(sessions.reversed().subList(0, Math.min(ALL, sessions.size())), served.items());

        assertEquals(expected.forgottenFavorites(BERLIN, ALL), get(user, "forgotten-favorites",
                "tz=Europe/Berlin&limit=" + ALL, new TypeReference<List<ForgottenFavorite>>() { }));

        Map<String, List<String>> catalog = catalogGenres(plays);
        for (ZoneId zone : List.of(BERLIN, KATHMANDU)) {
            TreeSet<Integer> years = new TreeSet<>();
            expected.music().forEach(p -> years.add(p.playedAt().atZone(zone).getYear()));
            for (int year : years) {
                assertEquals(PlainJavaInsights.yearInReview(year, zone, expected, catalog),
                        get(user, "year/" + year, "tz=" + zone.getId(), new TypeReference<YearInReview>() { }),
                        export + " year " + year + " in " + zone);
            }
        }
    }

    /**
     * Windows that start and end at arbitrary moments (a local date in a +05:45 zone, an instant to the millisecond,
     * a local date-time in a -03:30/-02:30 zone): every windowed figure still matches the plain computation, and
     * hours, days and months fall where the zone puts them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"extended/efrrowini", "basic/bjayesh47"})
    void figuresOfAnyWindowAndZoneMatchAPlainComputation(String export) throws IOException {
        List<ExportedPlay> plays = SpotifyExportLoader.load(export);
        String user = newUser();
        history().insertMany(SpotifyExportLoader.toDocuments(user, plays));
        PlainJavaInsights all = new PlainJavaInsights(plays);
        List<Instant> ends = all.music().stream().map(ExportedPlay::playedAt).sorted().toList();
        Instant quarter = ends.get(ends.size() / 4);
        Instant threeQuarters = ends.get(ends.size() * 3 / 4);

        // from: a local date in Kathmandu; to: an instant with milliseconds, as UTC.
        LocalDate fromDate = quarter.atZone(KATHMANDU).toLocalDate();
        Instant to = threeQuarters.plusMillis(1_234);
        String window = "from=" + fromDate + "&to=" + to + "&tz=" + KATHMANDU.getId();
        PlainJavaInsights expected = all.within(fromDate.atStartOfDay(KATHMANDU).toInstant(), to);
        assertWindowMatches(user, window, KATHMANDU, all, expected, fromDate.atStartOfDay(KATHMANDU).toInstant(), to);

        // from/to: local date-times (no offset) read in St. John's, Newfoundland.
        LocalDateTime localFrom = quarter.atZone(ST_JOHNS).toLocalDateTime().withNano(0).plusMinutes(7);
        LocalDateTime localTo = threeQuarters.atZone(ST_JOHNS).toLocalDateTime().withNano(0).minusSeconds(13);
        Instant from2 = localFrom.atZone(ST_JOHNS).toInstant();
        Instant to2 = localTo.atZone(ST_JOHNS).toInstant();
        String window2 = "from=" + localFrom + "&to=" + localTo + "&tz=" + ST_JOHNS.getId();
        assertWindowMatches(user, window2, ST_JOHNS, all, all.within(from2, to2), from2, to2);
    }

    private void assertWindowMatches(String user, String window, ZoneId zone, PlainJavaInsights all,
                                     PlainJavaInsights expected, Instant from, Instant to) throws IOException {
        assertTrue(expected.music().size() > 100, "window too small to prove anything: " + window);
        assertEquals(expected.summary(), get(user, "summary", window, new TypeReference<ListeningSummary>() { }), window);
        assertEquals(expected.topArtists(true, ALL), get(user, "top-artists", window + "&by=streams&limit=" + ALL,
                new TypeReference<List<ArtistRank>>() { }), window);
        assertEquals(expected.topTracks(false, ALL), get(user, "top-tracks", window + "&limit=" + ALL,
                new TypeReference<List<TrackRank>>() { }), window);
        assertEquals(expected.heatmap(zone), get(user, "heatmap", window, new TypeReference<Heatmap>() { }).cells(),
                window);
        assertEquals(all.discovery(zone, from, to),
                get(user, "discovery", window, new TypeReference<List<DiscoveryMonth>>() { }), window);
        List<ListeningSession> sessions = expected.sessions();
        SessionList served = get(user, "sessions", window + "&limit=" + ALL, new TypeReference<SessionList>() { });
        assertEquals(sessions.size(), served.totalSessions(), window);
        assertEquals(sessions.reversed().subList(0, Math.min(ALL, sessions.size())), served.items(), window);
        assertEquals(expected.forgottenFavorites(zone, ALL), get(user, "forgotten-favorites",
                window + "&limit=" + ALL, new TypeReference<List<ForgottenFavorite>>() { }), window);
    }

    /**
     * Genres and mood against a catalog written for this test: the export's track URIs are replaced by fresh test
     * ids (so nothing collides with a real catalog), about a third of the tracks have genres and both features
     * (bin edges such as 0.2 and 1.0 included), a third genres but no or partial features, a third no catalog entry.
     */
    @ParameterizedTest
    @ValueSource(strings = {"extended/efrrowini", "extended/primoscope"})
    void genresAndMoodMatchAPlainComputationOverATestCatalog(String export) throws IOException {
        Map<String, String> testUris = new HashMap<>();
        List<ExportedPlay> plays = SpotifyExportLoader.load(export).stream().map(p -> {
            if (!p.isMusic() || p.trackUri() == null) {
                return p;
            }
            String uri = testUris.computeIfAbsent(p.trackUri(), u -> "spotify:track:" + HistoryFixtures.randomTrackId());
            return new ExportedPlay(p.playedAt(), p.msPlayed(), p.contentType(), uri, uri, p.trackName(),
                    p.artistName(), p.albumName(), p.reasonStart(), p.reasonEnd(), p.skipped(), p.shuffle(),
                    p.offline(), p.platform(), p.country(), p.source());
        }).toList();
        Map<String, PlainJavaInsights.CatalogEntry> catalog = writeTestCatalog(testUris.values());
        String user = newUser();
        history().insertMany(SpotifyExportLoader.toDocuments(user, plays));
        PlainJavaInsights expected = new PlainJavaInsights(plays);
        Map<String, List<String>> genres = new HashMap<>();
        catalog.forEach((id, entry) -> genres.put(id, entry.genres()));

        assertEquals(expected.topGenres(genres, false, ALL),
                get(user, "top-genres", "limit=" + ALL, new TypeReference<List<GenreRank>>() { }));
        assertEquals(expected.topGenres(genres, true, ALL),
                get(user, "top-genres", "by=streams&limit=" + ALL, new TypeReference<List<GenreRank>>() { }));
        MoodDistribution mood = get(user, "mood", "", new TypeReference<MoodDistribution>() { });
        assertTrue(mood.coverage().recordsWithFeatures() > 0, "the test catalog gives features to some plays");
        assertEquals(expected.mood(catalog), mood);
        TreeSet<Integer> years = new TreeSet<>();
        expected.music().forEach(p -> years.add(p.playedAt().atZone(BERLIN).getYear()));
        for (int year : years) {
            assertEquals(PlainJavaInsights.yearInReview(year, BERLIN, expected, genres),
                    get(user, "year/" + year, "tz=Europe/Berlin", new TypeReference<YearInReview>() { }),
                    export + " year " + year);
        }
    }

    private Map<String, PlainJavaInsights.CatalogEntry> writeTestCatalog(java.util.Collection<String> uris) {
        List<String> names = List.of("pop", "indie rock", "k-pop", "jazz", "hip hop", "dance pop");
        List<Double> values = List.of(0.0, 0.2, 0.3999, 0.4, 0.61, 0.8, 0.999, 1.0);
        Random random = new Random(5);
        Map<String, PlainJavaInsights.CatalogEntry> catalog = new HashMap<>();
        List<Document> docs = new ArrayList<>();
        for (String uri : uris) {
            String id = uri.substring("spotify:track:".length());
            int kind = random.nextInt(3);
            if (kind == 0) {
                continue;
            }
            List<String> genres = new ArrayList<>(names.subList(0, random.nextInt(4)));
            java.util.Collections.shuffle(genres, random);
            // kind 1: both features; kind 2: no features object, only valence, or only energy (counts as none).
            int partial = random.nextInt(3);
            Double valence = kind == 1 || partial == 1 ? values.get(random.nextInt(values.size())) : null;
            Double energy = kind == 1 || partial == 2 ? values.get(random.nextInt(values.size())) : null;
            Document features = null;
            if (valence != null || energy != null) {
                features = new Document("danceability", 0.5).append("tempo", 120.0);
                if (valence != null) {
                    features.append("valence", valence);
                }
                if (energy != null) {
                    features.append("energy", energy);
                }
            }
            docs.add(new Document("_id", id).append("name", "Test " + id).append("artists", List.of("Test Artist"))
                    .append("genres", genres).append("features", features)
                    .append("popularity", 50).append("source", "insights-test"));
            catalog.put(id, new PlainJavaInsights.CatalogEntry(genres, valence, energy));
            catalogIds.add(id);
        }
        if (!docs.isEmpty()) {
            mongo.getDatabase("echotune").getCollection("tracks").insertMany(docs);
        }
        return catalog;
    }

    @ParameterizedTest
    @ValueSource(strings = {"extended/primoscope"})
    void anotherUserSeesNoneOfTheImportedHistory(String export) throws IOException {
        history().insertMany(SpotifyExportLoader.toDocuments(newUser(), SpotifyExportLoader.load(export)));
        String other = newUser();

        assertEquals(0, get(other, "summary", "", new TypeReference<ListeningSummary>() { }).records());
        for (String list : List.of("top-artists", "top-tracks", "top-genres", "discovery", "forgotten-favorites")) {
            assertTrue(get(other, list, "", new TypeReference<List<Object>>() { }).isEmpty(), list);
        }
        assertTrue(get(other, "heatmap", "", new TypeReference<Heatmap>() { }).cells().stream()
                .allMatch(cell -> cell.records() == 0));
        assertEquals(0, get(other, "sessions", "", new TypeReference<SessionList>() { }).totalSessions());
        assertEquals(0, get(other, "mood", "", new TypeReference<MoodDistribution>() { }).coverage().records());
        assertEquals(0, get(other, "year/2025", "", new TypeReference<YearInReview>() { }).records());
    }

    /** Genres of the export's tracks as the catalog holds them now (empty until someone loads it). */
    private Map<String, List<String>> catalogGenres(List<ExportedPlay> plays) {
        List<String> ids = plays.stream()
                .filter(p -> p.trackUri() != null && p.trackUri().startsWith("spotify:track:"))
                .map(p -> p.trackUri().substring("spotify:track:".length()))
                .distinct().toList();
        Map<String, List<String>> genres = new HashMap<>();
        mongo.getDatabase("echotune").getCollection("tracks").find(Filters.in("_id", ids))
                .forEach(doc -> genres.put(doc.getString("_id"), doc.getList("genres", String.class, List.of())));
        return genres;
    }

    private <T> T get(String user, String path, String query, TypeReference<T> type) throws IOException {
        String body = given().header("Authorization", bearer(user))
                .when().get(INSIGHTS + path + (query.isEmpty() ? "" : "?" + query))
                .then().statusCode(200)
                .extract().asString();
        return json.readValue(body, type);
    }

}

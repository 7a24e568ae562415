package io.echotune.insights;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

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
class HistoryExactnessTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String INSIGHTS = "/api/v1/insights/";
    private static final int ALL = 100;

    @Inject
    MongoClient mongo;

    @Inject
    ObjectMapper json;

    private final List<String> users = new ArrayList<>();

    @AfterEach
    void removeTestHistory() {
        users.forEach(user -> history().deleteMany(Filters.eq("userId", user)));
    }

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

        Map<String, List<String>> catalog = catalogGenres(plays);
        TreeSet<Integer> years = new TreeSet<>();
        expected.music().forEach(p -> years.add(p.playedAt().atZone(BERLIN).getYear()));
        for (int year : years) {
            assertEquals(PlainJavaInsights.yearInReview(year, BERLIN, expected, catalog),
                    get(user, "year/" + year, "tz=Europe/Berlin", new TypeReference<YearInReview>() { }),
                    export + " year " + year);
        }
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

    private String newUser() {
        String user = "exact-" + UUID.randomUUID();
        users.add(user);
        return user;
    }

    private MongoCollection<Document> history() {
        return mongo.getDatabase("echotune").getCollection("listening_history");
    }
}

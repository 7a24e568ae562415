package io.echotune.commons.music.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CatalogReaderTest {

    static Path catalogDirectory() {
        String configured = System.getenv("ECHOTUNE_SHARED_DATA");
        return Path.of(configured != null ? configured : "../../shared/data").resolve("catalog");
    }

    @Test
    void theSharedCatalogMergesToOneTrackPerDistinctIdWithEveryLayoutRecognised() throws Exception {
        Path dir = catalogDirectory();
        CatalogMerger.Result catalog = CatalogMerger.readDirectory(dir);

        // Independently: the id column of each track file, split naively (the id precedes any quoted field).
        Set<String> ids = new HashSet<>();
        ids.addAll(column(dir.resolve("spotify_tracks_114k_subset_union.csv"), 1));
        ids.addAll(column(dir.resolve("spotify_tracks_114k_test_split_avirup88.csv"), 0));
        ids.addAll(column(dir.resolve("tidytuesday_spotify_songs.csv"), 0));
        assertEquals(64_149, ids.size(), "SOURCES.md counts 64,149 distinct ids");
        assertEquals(ids, catalog.tracks().stream().map(CatalogTrack::id).collect(Collectors.toSet()));

        Map<String, CatalogLayout> layouts = catalog.files().stream()
                .collect(Collectors.toMap(CatalogReader.FileReport::file, CatalogReader.FileReport::layout));
        assertEquals(CatalogLayout.ARTIST_GENRES, layouts.get("artists_data_w_genres.csv"));
        assertEquals(CatalogLayout.ARTIST_GENRES, layouts.get("artists_genres_only.csv"));
        assertEquals(CatalogLayout.SPOTIFY_TRACKS_DATASET, layouts.get("spotify_tracks_114k_subset_union.csv"));
        assertEquals(CatalogLayout.GENRE_SPLIT, layouts.get("spotify_tracks_114k_test_split_avirup88.csv"));
        assertEquals(CatalogLayout.TIDYTUESDAY, layouts.get("tidytuesday_spotify_songs.csv"));
        for (CatalogReader.FileReport report : catalog.files()) {
            assertEquals(report.rows(), report.accepted() + report.rejected(), report.file());
        }
        assertEquals(25_686, report(catalog, "spotify_tracks_114k_subset_union.csv").rows());
        assertEquals(32_833, report(catalog, "tidytuesday_spotify_songs.csv").rows());

        Map<String, CatalogTrack> byId = catalog.tracks().stream()
                .collect(Collectors.toMap(CatalogTrack::id, Function.identity()));
        // 0,5SuOikwiRyPMVoIQDJUgSV,Gen Hoshino,Comedy,Comedy,73,230666,False,0.676,0.461,1,-6.746,0,0.143,0.0322,
        // 1.01E-06,0.358,0.715,87.917,4,acoustic
        CatalogTrack comedy = byId.get("5SuOikwiRyPMVoIQDJUgSV");
        assertEquals("Comedy", comedy.name());
        assertEquals(List.of("Gen Hoshino"), comedy.artists());
        assertEquals(73, comedy.popularity());
        assertEquals(230_666L, comedy.durationMs());
        assertEquals(0.461, comedy.features().energy());
        assertEquals(1.01e-6, comedy.features().instrumentalness());
        assertEquals(87.917, comedy.features().tempo());
        assertEquals(-6.746, comedy.features().loudness());
        assertTrue(comedy.genres().contains("acoustic"), comedy.genres().toString());
        // TidyTuesday: playlist membership and both genre levels; Ed Sheeran's artist tags appended.
        CatalogTrack remix = byId.get("6f807x0ima9a1j3VPbc7VN");
        assertEquals(List.of("Ed Sheeran"), remix.artists());
        assertTrue(remix.playlists().contains("37i9dQZF1DXcZDD7cfEKhW"));
        assertEquals(List.of("pop", "dance pop"), remix.genres().subList(0, 2));
        assertTrue(remix.genres().contains("uk pop"), remix.genres().toString());
        assertEquals(2019, remix.releaseYear(), "track_album_release_date 2019-06-14");
        assertNull(comedy.releaseYear(), "the 114k dataset has no release dates");
        // Every TidyTuesday track, and only those, has a year (the other files do not say)
        Set<String> tidy = column(dir.resolve("tidytuesday_spotify_songs.csv"), 0);
        assertEquals(tidy, catalog.tracks().stream().filter(t -> t.releaseYear() != null).map(CatalogTrack::id)
                .collect(Collectors.toSet()));
        // The genre split has no artists but has a genre and features.
        CatalogTrack rain = byId.get("41CgzGD7xlgnJe14R4cqkL");
        assertEquals("Paris in the Rain", rain.name());
        assertTrue(rain.genres().contains("electro"));
        assertEquals(0.408, rain.features().energy());
    }

    @Test
    void artistListsInPythonSyntaxAreRead() {
        assertEquals(List.of("antiviral pop", "comedy rock"), PythonLists.parse("['antiviral pop', 'comedy rock']"));
        assertEquals(List.of("children's music"), PythonLists.parse("[\"children's music\"]"));
        assertEquals(List.of(), PythonLists.parse("[]"));
        // band names in brackets are names, not lists (the 114k dataset and TidyTuesday have several)
        assertEquals(List.of("[Alexandros]"), PythonLists.parse("[Alexandros]"));
        assertEquals(List.of("[:SITD:]"), PythonLists.parse("[:SITD:]"));
    }

    @Test
    void rowsWithoutASpotifyIdAreRejectedWithTheirRowNumberAndOutOfRangeFeaturesAreLeftOut() throws Exception {
        String csv = """
                track_id,track_name,artists,track_genre,energy,valence,tempo
                5SuOikwiRyPMVoIQDJUgSV,Comedy,Gen Hoshino,acoustic,1.7,0.5,87
                not-an-id,Broken,Someone,rock,0.5,0.5,120
                """;
        Collector sink = new Collector();
        CatalogReader.FileReport report = CatalogReader.read("t.csv", stream(csv), sink);
        assertEquals(2, report.rows());
        assertEquals(1, report.rejected());
        assertEquals(2, report.errors().get(0).row());
        assertTrue(report.errors().get(0).reason().contains("not-an-id"));
        assertNull(sink.tracks.get(0).features().energy(), "energy 1.7 is out of range");
        assertEquals(0.5, sink.tracks.get(0).features().valence());
    }

    @Test
    void releaseYearsAreReadFromDatesOfAnyPrecisionAndPlaceholdersAreLeftOut() throws Exception {
        String csv = """
                track_id,track_name,track_artist,playlist_id,track_album_release_date,energy,valence
                5SuOikwiRyPMVoIQDJUgSV,Day,A,p1,1994-11-08,0.5,0.5
                6f807x0ima9a1j3VPbc7VN,Month,A,p1,1987-03,0.5,0.5
                41CgzGD7xlgnJe14R4cqkL,Year,A,p1,1972,0.5,0.5
                0r7CVbZTWZgbTCYdfa2P31,Placeholder,A,p1,0000,0.5,0.5
                0r7CVbZTWZgbTCYdfa2P32,Unknown,A,p1,,0.5,0.5
                0r7CVbZTWZgbTCYdfa2P33,Garbled,A,p1,released in 94,0.5,0.5
                """;
        Collector sink = new Collector();
        CatalogReader.read("t.csv", stream(csv), sink);
        assertEquals(java.util.Arrays.asList(1994, 1987, 1972, null, null, null),
                sink.tracks.stream().map(CatalogTrack::releaseYear).toList());
        Collector years = new Collector();
        CatalogReader.read("y.csv", stream("id,name,energy,valence,year\n5SuOikwiRyPMVoIQDJUgSV,A,0.5,0.5,1999\n"), years);
        assertEquals(1999, years.tracks.get(0).releaseYear(), "a year column, as the 160k dataset has");
    }

    @Test
    void unreadableFilesFailWholeWithTheirReason() {
        CatalogFormatException unknown = assertThrows(CatalogFormatException.class,
                () -> CatalogReader.read("x.csv", stream("a,b\n1,2\n"), new Collector()));
        assertTrue(unknown.getMessage().contains("no known catalog layout"), unknown.getMessage());
        CatalogFormatException empty = assertThrows(CatalogFormatException.class,
                () -> CatalogReader.read("e.csv", stream(""), new Collector()));
        assertTrue(empty.getMessage().contains("empty"));
        byte[] latin1 = "track_id,track_name,energy,valence\n5SuOikwiRyPMVoIQDJUgSV,Mam\u00e1,0.1,0.2\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        CatalogFormatException notUtf8 = assertThrows(CatalogFormatException.class,
                () -> CatalogReader.read("l.csv", new ByteArrayInputStream(latin1), new Collector()));
        assertTrue(notUtf8.getMessage().contains("not UTF-8"), notUtf8.getMessage());
    }

    private static CatalogReader.FileReport report(CatalogMerger.Result catalog, String file) {
        return catalog.files().stream().filter(f -> f.file().equals(file)).findFirst().orElseThrow();
    }

    private static Set<String> column(Path file, int index) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.skip(1).map(l -> l.split(",", -1)[index]).collect(Collectors.toSet());
        }
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Collector implements CatalogReader.Sink {
        final List<CatalogTrack> tracks = new java.util.ArrayList<>();

        @Override
        public void track(CatalogTrack track) {
            tracks.add(track);
        }

        @Override
        public void artist(ArtistGenres artist) {
        }
    }
}

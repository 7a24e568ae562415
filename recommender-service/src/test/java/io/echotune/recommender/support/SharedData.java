package io.echotune.recommender.support;

import io.echotune.commons.music.catalog.CatalogFormatException;
import io.echotune.commons.music.catalog.ArtistGenres;
import io.echotune.commons.music.catalog.CatalogMerger;
import io.echotune.commons.music.catalog.CatalogReader;
import io.echotune.commons.music.catalog.CatalogTrack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The shared data directory ($ECHOTUNE_SHARED_DATA, set by the build; else ../shared/data next to the repository). */
public final class SharedData {

    private static CatalogMerger.Result catalog;
    private static CatalogMerger.Result withoutPlaylistLabels;

    private SharedData() {
    }

    /**
     * The shared catalog read as usual, except that the TidyTuesday rows contribute no genre labels: their
     * playlist_genre/playlist_subgenre are the labels of the playlists a track was found in, which would tell a
     * playlist-continuation evaluation where hidden tracks belong. Tracks keep the tags of other files and of their
     * artists.
     */
    public static synchronized CatalogMerger.Result catalogWithoutPlaylistLabels() {
        if (withoutPlaylistLabels == null) {
            CatalogMerger merger = new CatalogMerger();
            List<CatalogReader.FileReport> reports = new ArrayList<>();
            try (Stream<Path> listing = Files.list(directory().resolve("catalog"))) {
                for (Path file : listing.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                    boolean tidy = file.getFileName().toString().startsWith("tidytuesday");
                    CatalogReader.Sink sink = new CatalogReader.Sink() {
                        @Override
                        public void track(CatalogTrack t) {
                            merger.track(tidy ? new CatalogTrack(t.id(), t.name(), t.artists(), t.album(), List.of(),
                                    t.features(), t.popularity(), t.durationMs(), t.explicit(), t.releaseYear(), t.playlists(),
                                    t.sources()) : t);
                        }

                        @Override
                        public void artist(ArtistGenres a) {
                            merger.artist(a);
                        }
                    };
                    try (InputStream in = Files.newInputStream(file)) {
                        reports.add(CatalogReader.read(file.getFileName().toString(), in, sink));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (CatalogFormatException e) {
                throw new IllegalStateException(e);
            }
            withoutPlaylistLabels = merger.result(reports);
        }
        return withoutPlaylistLabels;
    }

    public static Path directory() {
        String configured = System.getenv("ECHOTUNE_SHARED_DATA");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path candidate : new Path[] {Path.of("../../shared/data"), Path.of("../shared/data")}) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("The shared data directory is not found: set ECHOTUNE_SHARED_DATA");
    }

    /** The merged shared catalog (64k tracks), read once per JVM with the commons reader the catalog loader uses. */
    public static synchronized CatalogMerger.Result catalog() {
        if (catalog == null) {
            try {
                catalog = CatalogMerger.readDirectory(directory().resolve("catalog"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (CatalogFormatException e) {
                throw new IllegalStateException(e);
            }
        }
        return catalog;
    }
}

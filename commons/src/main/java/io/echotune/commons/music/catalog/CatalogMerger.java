package io.echotune.commons.music.catalog;

import io.echotune.commons.music.TrackNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Merges the rows of several catalog files into one record per track id and one per artist. The files of a catalog
 * overlap (the same track in the 114k dataset and in TidyTuesday, the same artist in two genre tables) and agree
 * where they overlap, so the first value read wins and lists are unions. Artist genre tags are appended to each
 * track's own tags: the track's genres are what its sources and its artists' tags say, nothing inferred.
 */
public final class CatalogMerger implements CatalogReader.Sink {

    private final Map<String, CatalogTrack> tracks = new LinkedHashMap<>();
    private final Map<String, ArtistGenres> artists = new LinkedHashMap<>();

    /** Reads every {@code *.csv} of a directory, in name order, and returns the merged catalog. */
    public static Result readDirectory(Path directory) throws IOException, CatalogFormatException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".csv"))
                    .filter(Files::isRegularFile).sorted().toList();
        }
        CatalogMerger merger = new CatalogMerger();
        List<CatalogReader.FileReport> reports = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                reports.add(CatalogReader.read(file.getFileName().toString(), in, merger));
            }
        }
        return merger.result(reports);
    }

    public record Result(List<CatalogReader.FileReport> files, List<CatalogTrack> tracks, List<ArtistGenres> artists) {
    }

    public Result result(List<CatalogReader.FileReport> reports) {
        return new Result(List.copyOf(reports), tracks(), List.copyOf(artists.values()));
    }

    @Override
    public void track(CatalogTrack row) {
        tracks.merge(row.id(), row, CatalogMerger::merge);
    }

    @Override
    public void artist(ArtistGenres row) {
        artists.merge(row.key(), row, (a, b) -> new ArtistGenres(a.key(), a.name(), union(a.genres(), b.genres())));
    }

    /** The merged tracks, each with its artists' genre tags appended. */
    public List<CatalogTrack> tracks() {
        List<CatalogTrack> out = new ArrayList<>(tracks.size());
        for (CatalogTrack t : tracks.values()) {
            List<String> genres = t.genres();
            for (String artist : t.artists()) {
                ArtistGenres tags = artists.get(TrackNames.normalise(artist));
                if (tags != null) {
                    genres = union(genres, tags.genres());
                }
            }
            out.add(genres == t.genres() ? t : new CatalogTrack(t.id(), t.name(), t.artists(), t.album(), genres,
                    t.features(), t.popularity(), t.durationMs(), t.explicit(), t.releaseYear(), t.playlists(),
                    t.sources()));
        }
        return out;
    }

    private static CatalogTrack merge(CatalogTrack a, CatalogTrack b) {
        return new CatalogTrack(a.id(), first(a.name(), b.name()), a.artists().isEmpty() ? b.artists() : a.artists(),
                first(a.album(), b.album()), union(a.genres(), b.genres()), a.features().orElse(b.features()),
                first(a.popularity(), b.popularity()), first(a.durationMs(), b.durationMs()),
                first(a.explicit(), b.explicit()), first(a.releaseYear(), b.releaseYear()),
                union(a.playlists(), b.playlists()),
                union(a.sources(), b.sources()));
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }

    private static List<String> union(List<String> a, List<String> b) {
        if (b.isEmpty() || a.containsAll(b)) {
            return a;
        }
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** How many tracks and artists are held (for progress reports). */
    public int trackCount() {
        return tracks.size();
    }

    public Collection<ArtistGenres> artists() {
        return artists.values();
    }
}

package io.echotune.ingestion.catalog.service;

import io.echotune.commons.music.TrackNames;
import io.echotune.commons.music.catalog.ArtistGenres;
import io.echotune.commons.music.catalog.CatalogFormatException;
import io.echotune.commons.music.catalog.CatalogMerger;
import io.echotune.commons.music.catalog.CatalogReader;
import io.echotune.commons.music.catalog.CatalogTrack;
import io.echotune.ingestion.catalog.CatalogLoad;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the CSV files of one catalog load, in name order, into one merged catalog ({@link CatalogMerger}) plus
 * the name keys of its tracks: {@code TrackNames.nameKey(artist, title)} for every credited artist of every track
 * row, each naming the most popular track id that has it (the first one read on a tie). A file that cannot be read
 * at all fails the whole read, so nothing of a broken upload is written. Blocking.
 */
final class CatalogFiles {

    /** One file to read: the name it is reported under and where it lies. */
    record NamedFile(String name, Path path) {
    }

    /** What the files hold. */
    record ReadCatalog(List<CatalogLoad.CatalogFile> files, List<CatalogTrack> tracks, List<ArtistGenres> artists,
                       Map<String, String> trackIdByName) {
    }

    private CatalogFiles() {
    }

    /** The {@code *.csv} files of a directory, in name order. */
    static List<NamedFile> inDirectory(Path directory) throws IOException {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .map(p -> new NamedFile(p.getFileName().toString(), p))
                    .toList();
        }
    }

    static ReadCatalog read(List<NamedFile> files) throws IOException, CatalogFormatException {
        List<NamedFile> ordered = files.stream().sorted(Comparator.comparing(NamedFile::name)).toList();
        CatalogMerger merger = new CatalogMerger();
        NameCollector names = new NameCollector(merger);
        List<CatalogReader.FileReport> reports = new ArrayList<>();
        for (NamedFile file : ordered) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file.path()), 1 << 16)) {
                reports.add(CatalogReader.read(file.name(), in, names));
            }
        }
        CatalogMerger.Result merged = merger.result(reports);
        List<CatalogLoad.CatalogFile> fileReports = merged.files().stream()
                .map(r -> new CatalogLoad.CatalogFile(r.file(), r.layout().source(), r.rows(), r.accepted(), r.rejected(),
                        r.errors().stream().map(e -> new CatalogLoad.RowError(e.row(), e.reason())).toList()))
                .toList();
        return new ReadCatalog(fileReports, merged.tracks(), merged.artists(), names.trackIdByName());
    }

    /** Passes every row on to the merger and notes the name keys of track rows. */
    private static final class NameCollector implements CatalogReader.Sink {
        private record Candidate(String trackId, int popularity) {
        }

        private final CatalogReader.Sink next;
        private final Map<String, Candidate> byName = new LinkedHashMap<>();

        NameCollector(CatalogReader.Sink next) {
            this.next = next;
        }

        @Override
        public void track(CatalogTrack track) {
            if (track.name() != null) {
                int popularity = track.popularity() == null ? -1 : track.popularity();
                for (String artist : track.artists()) {
                    byName.merge(TrackNames.nameKey(artist, track.name()), new Candidate(track.id(), popularity),
                            (held, offered) -> offered.popularity() > held.popularity() ? offered : held);
                }
            }
            next.track(track);
        }

        @Override
        public void artist(ArtistGenres artist) {
            next.artist(artist);
        }

        Map<String, String> trackIdByName() {
            Map<String, String> ids = new LinkedHashMap<>(byName.size() * 2);
            byName.forEach((key, candidate) -> ids.put(key, candidate.trackId()));
            return ids;
        }
    }
}

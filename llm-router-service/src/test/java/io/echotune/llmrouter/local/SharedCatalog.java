package io.echotune.llmrouter.local;

import io.echotune.commons.music.catalog.CatalogFormatException;
import io.echotune.commons.music.catalog.CatalogMerger;
import io.echotune.commons.music.catalog.CatalogTrack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The gazetteer a real deployment builds from the shared track catalog (../shared/data/catalog, merged by the same
 * commons reader the catalog loader uses to fill echotune.tracks): 64k tracks with their artists' genre tags. Read
 * once per test JVM.
 */
final class SharedCatalog {

    static final String DIRECTORY = "catalog";
    private static Gazetteer gazetteer;

    private SharedCatalog() {
    }

    static synchronized Gazetteer gazetteer() {
        if (gazetteer == null) {
            gazetteer = load(dataDirectory().resolve(DIRECTORY));
        }
        return gazetteer;
    }

    static Path dataDirectory() {
        String configured = System.getenv("ECHOTUNE_SHARED_DATA");
        Path dir = configured != null ? Path.of(configured) : Path.of("../../shared/data");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("/work/shared/data");
        }
        return dir;
    }

    private static Gazetteer load(Path directory) {
        try {
            CatalogMerger.Result catalog = CatalogMerger.readDirectory(directory);
            Gazetteer.Builder builder = Gazetteer.builder();
            for (CatalogTrack track : catalog.tracks()) {
                builder.addTrack(track.name(), track.artists(), track.genres());
            }
            return builder.build();
        } catch (IOException | CatalogFormatException e) {
            throw new IllegalStateException("Cannot read the shared catalog " + directory, e);
        }
    }
}

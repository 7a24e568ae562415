package io.echotune.llmrouter.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The gazetteer a real deployment would build from the shared track catalog (../shared/data/catalog, the data the
 * catalog loader puts in echotune.tracks): 114k rows, 13k artists, 114 genre tags. Read once per test JVM.
 */
final class SharedCatalog {

    static final String FILE = "catalog/spotify_tracks_114k_subset_union.csv";
    private static Gazetteer gazetteer;

    private SharedCatalog() {
    }

    static synchronized Gazetteer gazetteer() {
        if (gazetteer == null) {
            gazetteer = load(dataDirectory().resolve(FILE));
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

    private static Gazetteer load(Path csv) {
        Gazetteer.Builder builder = Gazetteer.builder();
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<String> header = parse(reader.readLine());
            int artists = header.indexOf("artists");
            int name = header.indexOf("track_name");
            int genre = header.indexOf("track_genre");
            String line;
            while ((line = reader.readLine()) != null) {
                List<String> row = parse(line);
                if (row.size() <= Math.max(artists, Math.max(name, genre))) {
                    continue;
                }
                builder.addTrack(row.get(name), Arrays.asList(row.get(artists).split(";")), List.of(row.get(genre)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the shared catalog " + csv, e);
        }
        return builder.build();
    }

    /** One CSV line (RFC 4180 quoting; the catalog has no line breaks inside fields). */
    private static List<String> parse(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}

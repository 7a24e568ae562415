package io.echotune.recommender.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Public listening data for the artist co-listening model: the HetRec 2011 Last.fm 2K files ({@code artists.dat}:
 * id, name, ...; {@code user_artists.dat}: userID, artistID, weight, tab-separated, one header line each). Each
 * Last.fm user becomes one basket of artist names; no user id leaves this class.
 */
public final class PublicListeningFiles {

    private PublicListeningFiles() {
    }

    /** Per Last.fm user (in user id order), the names of the artists they listened to. */
    public static List<List<String>> hetrecArtistBaskets(Path directory) {
        try {
            Map<Integer, String> names = new HashMap<>();
            List<String> artistLines = Files.readAllLines(directory.resolve("artists.dat"), StandardCharsets.UTF_8);
            for (String line : artistLines.subList(1, artistLines.size())) {
                String[] f = line.split("\t");
                if (f.length >= 2) {
                    names.put(Integer.parseInt(f[0].strip()), f[1].strip());
                }
            }
            Map<Integer, List<String>> byUser = new TreeMap<>();
            List<String> rows = Files.readAllLines(directory.resolve("user_artists.dat"), StandardCharsets.UTF_8);
            for (String line : rows.subList(1, rows.size())) {
                String[] f = line.strip().split("\\s+");
                if (f.length == 3 && names.containsKey(Integer.parseInt(f[1]))) {
                    byUser.computeIfAbsent(Integer.parseInt(f[0]), u -> new ArrayList<>()).add(names.get(Integer.parseInt(f[1])));
                }
            }
            return new ArrayList<>(byUser.values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

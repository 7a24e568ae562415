package io.echotune.commons.music.catalog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.echotune.commons.music.SpotifyTrackIds;
import io.echotune.commons.music.TrackNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams one catalog CSV into a {@link Sink}: tracks with their audio features and genre tags, or artist genre tags.
 * The layout is detected from the header ({@link CatalogLayout}). A row that cannot be a track (no valid Spotify id)
 * is rejected and counted with its reason; a feature value that is missing or out of range is left null.
 */
public final class CatalogReader {

    /** At most this many row errors are kept per file; the count is always exact. */
    public static final int MAX_ERRORS = 100;

    private static final CsvMapper CSV = new CsvMapper();
    /** Recorded music before this is not in any catalog we read; an earlier year is a placeholder. */
    private static final int MIN_RELEASE_YEAR = 1900;
    private static final Pattern RELEASE_DATE = Pattern.compile("(\\d{4})(?:-\\d{1,2}(?:-\\d{1,2})?)?");

    public interface Sink {
        void track(CatalogTrack track);

        void artist(ArtistGenres artist);
    }

    public record RowError(long row, String reason) {
    }

    /** What one file gave: {@code rows = accepted + rejected}. */
    public record FileReport(String file, CatalogLayout layout, long rows, long accepted, long rejected,
            List<RowError> errors) {
    }

    private CatalogReader() {
    }

    public static FileReport read(String fileName, InputStream in, Sink sink) throws CatalogFormatException {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        try (MappingIterator<String[]> rows = CSV.readerForArrayOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(reader)) {
            if (!rows.hasNext()) {
                throw new CatalogFormatException(fileName + " is empty");
            }
            List<String> header = Arrays.stream(rows.next()).map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
            CatalogLayout layout = CatalogLayout.detect(header).orElseThrow(() -> new CatalogFormatException(
                    fileName + " has no known catalog layout: a track table needs track_id (or id) with "
                            + "track_name/artists or audio-feature columns, an artist table needs artists and "
                            + "genres; the header is " + header));
            RowReader rowReader = new RowReader(fileName, layout, header);
            long row = 0;
            long rejected = 0;
            List<RowError> errors = new ArrayList<>();
            while (rows.hasNext()) {
                String[] values = rows.next();
                row++;
                String problem = rowReader.emit(values, sink);
                if (problem != null) {
                    rejected++;
                    if (errors.size() < MAX_ERRORS) {
                        errors.add(new RowError(row, problem));
                    }
                }
            }
            return new FileReport(fileName, layout, row, row - rejected, rejected, List.copyOf(errors));
        } catch (CharacterCodingException e) {
            throw new CatalogFormatException(fileName + " is not UTF-8 text", e);
        } catch (JacksonException e) {
            throw new CatalogFormatException(fileName + " is not readable CSV: " + e.getOriginalMessage(), e);
        } catch (UncheckedIOException e) {
            throw translate(fileName, e.getCause());
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw translate(fileName, io);
            }
            throw e;
        } catch (IOException e) {
            throw translate(fileName, e);
        }
    }

    private static CatalogFormatException translate(String fileName, IOException e) {
        if (e instanceof CharacterCodingException) {
            return new CatalogFormatException(fileName + " is not UTF-8 text", e);
        }
        if (e instanceof JacksonException j) {
            return new CatalogFormatException(fileName + " is not readable CSV: " + j.getOriginalMessage(), e);
        }
        return new CatalogFormatException(fileName + " cannot be read: " + e.getMessage(), e);
    }

    /** Reads the named columns of one layout; column positions are resolved once from the header. */
    private static final class RowReader {
        private final CatalogLayout layout;
        private final List<String> sources;
        private final Map<String, Integer> columns = new HashMap<>();

        RowReader(String fileName, CatalogLayout layout, List<String> header) {
            this.layout = layout;
            this.sources = List.of(layout.source());
            for (int i = 0; i < header.size(); i++) {
                columns.putIfAbsent(header.get(i), i);
            }
        }

        /** Emits the row and returns null, or returns why it was rejected. */
        String emit(String[] row, Sink sink) {
            if (layout == CatalogLayout.ARTIST_GENRES) {
                String name = text(row, "artists");
                if (name == null) {
                    return "no artist name";
                }
                sink.artist(new ArtistGenres(TrackNames.normalise(name), name, genres(PythonLists.parse(text(row, "genres")))));
                return null;
            }
            String rawId = first(row, "track_id", "id");
            String id = SpotifyTrackIds.parse(rawId).orElse(null);
            if (id == null) {
                return rawId == null ? "no track_id" : "track_id '" + rawId + "' is not a Spotify track id";
            }
            sink.track(new CatalogTrack(id, first(row, "track_name", "name"), artists(row),
                    first(row, "album_name", "track_album_name", "album"), genres(trackGenres(row)), features(row),
                    popularity(row), durationMs(row), bool(text(row, "explicit")), releaseYear(row), playlists(row),
                    sources));
            return null;
        }

        private List<String> artists(String[] row) {
            String raw = first(row, "artists", "track_artist", "artist_name", "artist");
            if (raw == null) {
                return List.of();
            }
            List<String> names = raw.startsWith("[") ? PythonLists.parse(raw) : Arrays.asList(raw.split(";"));
            return names.stream().map(String::strip).filter(n -> !n.isEmpty()).distinct().toList();
        }

        private List<String> trackGenres(String[] row) {
            List<String> tags = new ArrayList<>();
            for (String column : List.of("track_genre", "playlist_genre", "playlist_subgenre", "primary_genre",
                    "genre")) {
                String value = text(row, column);
                if (value != null) {
                    tags.add(value);
                }
            }
            return tags;
        }

        private List<String> playlists(String[] row) {
            String playlist = text(row, "playlist_id");
            return playlist == null ? List.of() : List.of(playlist);
        }

        private AudioFeatures features(String[] row) {
            return new AudioFeatures(AudioFeatures.ratio(number(row, "danceability")),
                    AudioFeatures.ratio(number(row, "energy")), AudioFeatures.ratio(number(row, "valence")),
                    AudioFeatures.tempo(number(row, "tempo")), AudioFeatures.ratio(number(row, "acousticness")),
                    AudioFeatures.ratio(number(row, "instrumentalness")),
                    AudioFeatures.ratio(number(row, "speechiness")), AudioFeatures.ratio(number(row, "liveness")),
                    AudioFeatures.loudness(number(row, "loudness")));
        }

        private Integer popularity(String[] row) {
            Double value = number(row, "popularity");
            if (value == null) {
                value = number(row, "track_popularity");
            }
            return value != null && value >= 0 && value <= 100 ? (int) Math.round(value) : null;
        }

        /**
         * The release year: the leading year of a release date ("2019-06-14", "1999-03", "1985", as TidyTuesday and
         * Spotify's album {@code release_date} give it at day, month or year precision), else a {@code year} column.
         * A year outside 1900..next year is a placeholder ("0000") or a typo, not a fact: left out.
         */
        private Integer releaseYear(String[] row) {
            String date = first(row, "track_album_release_date", "album_release_date", "release_date");
            Integer year = null;
            if (date != null) {
                Matcher release = RELEASE_DATE.matcher(date);
                year = release.matches() ? Integer.valueOf(release.group(1)) : null;
            } else {
                Double number = number(row, "year");
                year = number != null && number == Math.rint(number) ? number.intValue() : null;
            }
            return year != null && year >= MIN_RELEASE_YEAR && year <= Year.now(ZoneOffset.UTC).getValue() + 1 ? year : null;
        }

        private Long durationMs(String[] row) {
            Double value = number(row, "duration_ms");
            return value != null && value > 0 && value < 24 * 3_600_000d ? Math.round(value) : null;
        }

        private Double number(String[] row, String column) {
            String value = text(row, column);
            if (value == null) {
                return null;
            }
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private String first(String[] row, String... names) {
            for (String name : names) {
                String value = text(row, name);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }

        private String text(String[] row, String column) {
            Integer index = columns.get(column);
            if (index == null || index >= row.length) {
                return null;
            }
            String value = row[index].strip();
            return value.isEmpty() ? null : value;
        }

        private static Boolean bool(String value) {
            if (value == null) {
                return null;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "1" -> Boolean.TRUE;
                case "false", "0" -> Boolean.FALSE;
                default -> null;
            };
        }
    }

    /** Genre tags as stored: lower-case, trimmed, no duplicates, in first-seen order. */
    static List<String> genres(List<String> tags) {
        Set<String> out = new LinkedHashSet<>();
        for (String tag : tags) {
            String t = tag.strip().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }
}

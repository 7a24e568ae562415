package io.echotune.insights;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * The expected figures, computed the plain way over the plays of a raw export: loops, maps and sorts written from
 * the definitions in README.md, sharing nothing with the service's aggregations.
 */
final class PlainJavaInsights {

    private static final long STREAM_MS = 30_000;
    private static final long GAP_MS = 30 * 60 * 1000;

    private final List<ExportedPlay> music;

    PlainJavaInsights(List<ExportedPlay> plays) {
        this.music = plays.stream().filter(ExportedPlay::isMusic).toList();
    }

    PlainJavaInsights within(Instant from, Instant to) {
        return new PlainJavaInsights(music.stream()
                .filter(p -> !p.playedAt().isBefore(from) && p.playedAt().isBefore(to))
                .toList());
    }

    List<ExportedPlay> music() {
        return music;
    }

    static boolean isStream(ExportedPlay p) {
        return p.msPlayed() >= STREAM_MS;
    }

    static boolean isSkip(ExportedPlay p) {
        if (Boolean.TRUE.equals(p.skipped()) || "fwdbtn".equals(p.reasonEnd())) {
            return true;
        }
        return p.reasonEnd() == null && p.msPlayed() < STREAM_MS;
    }

    ListeningSummary summary() {
        long streams = 0;
        long skips = 0;
        long ms = 0;
        Instant first = null;
        Instant last = null;
        java.util.Set<String> tracks = new java.util.HashSet<>();
        java.util.Set<String> artists = new java.util.HashSet<>();
        for (ExportedPlay p : music) {
            if (isStream(p)) {
                streams++;
            }
            if (isSkip(p)) {
                skips++;
            }
            ms += p.msPlayed();
            if (first == null || p.playedAt().isBefore(first)) {
                first = p.playedAt();
            }
            if (last == null || p.playedAt().isAfter(last)) {
                last = p.playedAt();
            }
            if (p.trackKey() != null) {
                tracks.add(p.trackKey());
            }
            if (p.artistName() != null) {
                artists.add(p.artistName());
            }
        }
        double skipRate = music.isEmpty() ? 0.0 : BigDecimal.valueOf(skips)
                .divide(BigDecimal.valueOf(music.size()), 4, RoundingMode.HALF_UP).doubleValue();
        return new ListeningSummary(music.size(), streams, ms, tracks.size(), artists.size(), skipRate, first, last);
    }

    List<ArtistRank> topArtists(boolean byStreams, int limit) {
        Map<String, long[]> byArtist = new HashMap<>();
        for (ExportedPlay p : music) {
            if (p.artistName() == null) {
                continue;
            }
            long[] t = byArtist.computeIfAbsent(p.artistName(), a -> new long[2]);
            t[0] += isStream(p) ? 1 : 0;
            t[1] += p.msPlayed();
        }
        List<ArtistRank> ranks = new ArrayList<>();
        byArtist.forEach((artist, t) -> ranks.add(new ArtistRank(artist, t[0], t[1])));
        ToLongFunction<ArtistRank> metric = byStreams ? ArtistRank::streams : ArtistRank::msPlayed;
        ranks.sort(Comparator.comparingLong(metric).reversed().thenComparing(ArtistRank::artist));
        return ranks.subList(0, Math.min(limit, ranks.size()));
    }

    List<TrackRank> topTracks(boolean byStreams, int limit) {
        Map<String, TrackRank> byKey = new HashMap<>();
        for (ExportedPlay p : music) {
            TrackRank t = byKey.get(p.trackKey());
            if (t == null) {
                t = new TrackRank(null, null, null, 0, 0);
            }
            byKey.put(p.trackKey(), new TrackRank(
                    max(t.trackUri(), p.trackUri()), min(t.track(), p.trackName()), min(t.artist(), p.artistName()),
                    t.streams() + (isStream(p) ? 1 : 0), t.msPlayed() + p.msPlayed()));
        }
        List<Map.Entry<String, TrackRank>> entries = new ArrayList<>(byKey.entrySet());
        ToLongFunction<TrackRank> metric = byStreams ? TrackRank::streams : TrackRank::msPlayed;
        Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        entries.sort(Comparator.<Map.Entry<String, TrackRank>>comparingLong(e -> metric.applyAsLong(e.getValue())).reversed()
                .thenComparing(e -> e.getValue().track(), nullsFirst)
                .thenComparing(e -> e.getValue().artist(), nullsFirst)
                .thenComparing(Map.Entry::getKey));
        return entries.stream().limit(limit).map(Map.Entry::getValue).toList();
    }

    /** A catalog track as the test stored it: genres, and valence/energy where it has them. */
    record CatalogEntry(List<String> genres, Double valence, Double energy) {
    }

    /** Genres from the given catalog (track id -> genres); tracks without any count as unknown; by msPlayed. */
    List<GenreRank> topGenres(Map<String, List<String>> genresByTrackId, int limit) {
        return topGenres(genresByTrackId, false, limit);
    }

    List<GenreRank> topGenres(Map<String, List<String>> genresByTrackId, boolean byStreams, int limit) {
        Map<String, long[]> byGenre = new HashMap<>();
        for (ExportedPlay p : music) {
            List<String> genres = null;
            if (p.trackUri() != null && p.trackUri().startsWith("spotify:track:")) {
                genres = genresByTrackId.get(p.trackUri().substring("spotify:track:".length()));
            }
            if (genres == null || genres.isEmpty()) {
                genres = List.of("unknown");
            }
            for (String genre : genres) {
                long[] t = byGenre.computeIfAbsent(genre, g -> new long[2]);
                t[0] += isStream(p) ? 1 : 0;
                t[1] += p.msPlayed();
            }
        }
        List<GenreRank> ranks = new ArrayList<>();
        byGenre.forEach((genre, t) -> ranks.add(new GenreRank(genre, t[0], t[1])));
        ToLongFunction<GenreRank> metric = byStreams ? GenreRank::streams : GenreRank::msPlayed;
        ranks.sort(Comparator.comparingLong(metric).reversed().thenComparing(GenreRank::genre));
        return ranks.subList(0, Math.min(limit, ranks.size()));
    }

    /**
     * Valence x energy grid (5 x 5, bin = min(4, floor(value * 5))) of the records whose track has both features,
     * every record counting once; means over those records; coverage over all records and distinct tracks.
     */
    MoodDistribution mood(Map<String, CatalogEntry> catalog) {
        int bins = 5;
        long[][] records = new long[bins][bins];
        long[][] ms = new long[bins][bins];
        long withFeatures = 0;
        double valenceSum = 0;
        double energySum = 0;
        java.util.Set<String> tracks = new java.util.HashSet<>();
        java.util.Set<String> tracksWithFeatures = new java.util.HashSet<>();
        for (ExportedPlay p : music) {
            tracks.add(p.trackKey());
            CatalogEntry entry = p.trackUri() != null && p.trackUri().startsWith("spotify:track:")
                    ? catalog.get(p.trackUri().substring("spotify:track:".length())) : null;
            if (entry == null || entry.valence() == null || entry.energy() == null) {
                continue;
            }
            tracksWithFeatures.add(p.trackKey());
            int v = Math.min(bins - 1, (int) Math.floor(entry.valence() * bins));
            int e = Math.min(bins - 1, (int) Math.floor(entry.energy() * bins));
            records[v][e]++;
            ms[v][e] += p.msPlayed();
            withFeatures++;
            valenceSum += entry.valence();
            energySum += entry.energy();
        }
        List<MoodCell> cells = new ArrayList<>();
        for (int v = 0; v < bins; v++) {
            for (int e = 0; e < bins; e++) {
                cells.add(new MoodCell(v, e, v / 5.0, (v + 1) / 5.0, e / 5.0, (e + 1) / 5.0, records[v][e], ms[v][e]));
            }
        }
        return new MoodDistribution(bins, cells,
                withFeatures == 0 ? null : round4(valenceSum / withFeatures),
                withFeatures == 0 ? null : round4(energySum / withFeatures),
                new MoodCoverage(music.size(), withFeatures, tracks.size(), tracksWithFeatures.size(),
                        music.isEmpty() ? 0.0 : round4((double) withFeatures / music.size())));
    }

    /**
     * Tracks with 5+ streams here whose last play here ended 6 calendar months (in zone) or more before the latest
     * play here; by streams, then msPlayed, then name, artist, key.
     */
    List<ForgottenFavorite> forgottenFavorites(ZoneId zone, int limit) {
        Instant latest = music.stream().map(ExportedPlay::playedAt).max(Comparator.naturalOrder()).orElse(null);
        if (latest == null) {
            return List.of();
        }
        Instant cutoff = latest.atZone(zone).minusMonths(6).toInstant();
        Map<String, List<ExportedPlay>> byKey = new HashMap<>();
        music.forEach(p -> byKey.computeIfAbsent(p.trackKey(), k -> new ArrayList<>()).add(p));
        record Candidate(String key, ForgottenFavorite favourite) {
        }
        List<Candidate> candidates = new ArrayList<>();
        byKey.forEach((key, plays) -> {
            long streams = plays.stream().filter(PlainJavaInsights::isStream).count();
            Instant last = plays.stream().map(ExportedPlay::playedAt).max(Comparator.naturalOrder()).orElseThrow();
            if (streams < 5 || !last.isBefore(cutoff)) {
                return;
            }
            String uri = null;
            String name = null;
            String artist = null;
            for (ExportedPlay p : plays) {
                uri = max(uri, p.trackUri());
                name = min(name, p.trackName());
                artist = min(artist, p.artistName());
            }
            candidates.add(new Candidate(key, new ForgottenFavorite(uri, name, artist, streams,
                    plays.stream().mapToLong(ExportedPlay::msPlayed).sum(),
                    plays.stream().map(ExportedPlay::playedAt).min(Comparator.naturalOrder()).orElseThrow(), last)));
        });
        Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        candidates.sort(Comparator.<Candidate>comparingLong(c -> c.favourite().streams()).reversed()
                .thenComparing(Comparator.<Candidate>comparingLong(c -> c.favourite().msPlayed()).reversed())
                .thenComparing(c -> c.favourite().track(), nullsFirst)
                .thenComparing(c -> c.favourite().artist(), nullsFirst)
                .thenComparing(Candidate::key));
        return candidates.stream().limit(limit).map(Candidate::favourite).toList();
    }

    private static double round4(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }

    List<HeatmapCell> heatmap(ZoneId zone) {
        long[][] records = new long[8][24];
        long[][] streams = new long[8][24];
        long[][] ms = new long[8][24];
        for (ExportedPlay p : music) {
            ZonedDateTime local = p.playedAt().atZone(zone);
            int day = local.getDayOfWeek().getValue();
            int hour = local.getHour();
            records[day][hour]++;
            streams[day][hour] += isStream(p) ? 1 : 0;
            ms[day][hour] += p.msPlayed();
        }
        List<HeatmapCell> cells = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            for (int hour = 0; hour < 24; hour++) {
                int d = day.getValue();
                cells.add(new HeatmapCell(d, hour, records[d][hour], streams[d][hour], ms[d][hour]));
            }
        }
        return cells;
    }

    /** New artists and tracks per month of their first play in this (whole) history, within [from, to). */
    List<DiscoveryMonth> discovery(ZoneId zone, Instant from, Instant to) {
        Map<String, Instant> artistFirst = new HashMap<>();
        Map<String, Instant> trackFirst = new HashMap<>();
        for (ExportedPlay p : music) {
            if (p.artistName() != null) {
                artistFirst.merge(p.artistName(), p.playedAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
            trackFirst.merge(p.trackKey(), p.playedAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        TreeMap<String, long[]> months = new TreeMap<>();
        artistFirst.values().stream().filter(i -> inside(i, from, to))
                .forEach(i -> months.computeIfAbsent(YearMonth.from(i.atZone(zone)).toString(), m -> new long[2])[0]++);
        trackFirst.values().stream().filter(i -> inside(i, from, to))
                .forEach(i -> months.computeIfAbsent(YearMonth.from(i.atZone(zone)).toString(), m -> new long[2])[1]++);
        List<DiscoveryMonth> result = new ArrayList<>();
        months.forEach((month, counts) -> result.add(new DiscoveryMonth(month, counts[0], counts[1])));
        return result;
    }

    /** Sessions oldest first: a play starting 30 min or more after every earlier play ended opens a new one. */
    List<ListeningSession> sessions() {
        List<ExportedPlay> byStart = new ArrayList<>(music);
        byStart.sort(Comparator.comparing(ExportedPlay::startedAt).thenComparing(ExportedPlay::playedAt));
        List<ListeningSession> sessions = new ArrayList<>();
        List<ExportedPlay> current = new ArrayList<>();
        Instant latestEnd = null;
        for (ExportedPlay p : byStart) {
            if (latestEnd != null && p.startedAt().toEpochMilli() - latestEnd.toEpochMilli() >= GAP_MS) {
                sessions.add(session(current));
                current = new ArrayList<>();
                latestEnd = null;
            }
            current.add(p);
            latestEnd = latestEnd == null || p.playedAt().isAfter(latestEnd) ? p.playedAt() : latestEnd;
        }
        if (!current.isEmpty()) {
            sessions.add(session(current));
        }
        return sessions;
    }

    private static ListeningSession session(List<ExportedPlay> plays) {
        Instant start = plays.get(0).startedAt();
        Instant end = plays.stream().map(ExportedPlay::playedAt).max(Comparator.naturalOrder()).orElseThrow();
        return new ListeningSession(start, end, end.toEpochMilli() - start.toEpochMilli(), plays.size(),
                plays.stream().mapToLong(ExportedPlay::msPlayed).sum());
    }

    /** The year in review over the whole history {@code all} (for discovery) and this year's plays. */
    static YearInReview yearInReview(int year, ZoneId zone, PlainJavaInsights all,
                                     Map<String, List<String>> genresByTrackId) {
        Instant from = LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant();
        Instant to = LocalDate.of(year + 1, 1, 1).atStartOfDay(zone).toInstant();
        PlainJavaInsights y = all.within(from, to);
        ListeningSummary summary = y.summary();
        List<DiscoveryMonth> discovered = all.discovery(zone, from, to);
        long[] hourMs = new long[24];
        long[] hourStreams = new long[24];
        long[] dayMs = new long[8];
        long[] dayStreams = new long[8];
        for (ExportedPlay p : y.music) {
            ZonedDateTime local = p.playedAt().atZone(zone);
            hourMs[local.getHour()] += p.msPlayed();
            hourStreams[local.getHour()] += isStream(p) ? 1 : 0;
            dayMs[local.getDayOfWeek().getValue()] += p.msPlayed();
            dayStreams[local.getDayOfWeek().getValue()] += isStream(p) ? 1 : 0;
        }
        YearInReview.BusiestHour hour = null;
        YearInReview.BusiestWeekday weekday = null;
        if (!y.music.isEmpty()) {
            int h = 0;
            for (int i = 1; i < 24; i++) {
                h = hourMs[i] > hourMs[h] ? i : h;
            }
            int d = 1;
            for (int i = 2; i <= 7; i++) {
                d = dayMs[i] > dayMs[d] ? i : d;
            }
            hour = new YearInReview.BusiestHour(h, hourStreams[h], hourMs[h]);
            weekday = new YearInReview.BusiestWeekday(d, dayStreams[d], dayMs[d]);
        }
        ListeningSession longest = null;
        for (ListeningSession s : y.sessions()) {
            if (longest == null || s.durationMs() > longest.durationMs()) {
                longest = s;
            }
        }
        List<YearInReview.MonthMinutes> months = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            YearMonth month = YearMonth.of(year, m);
            List<ExportedPlay> inMonth = y.music.stream()
                    .filter(p -> YearMonth.from(p.playedAt().atZone(zone)).equals(month)).toList();
            long ms = inMonth.stream().mapToLong(ExportedPlay::msPlayed).sum();
            months.add(new YearInReview.MonthMinutes(month.toString(), inMonth.size(),
                    inMonth.stream().filter(PlainJavaInsights::isStream).count(), ms, ms / 60_000));
        }
        return new YearInReview(year, zone.getId(), summary.records(), summary.streams(), summary.msPlayed(),
                summary.msPlayed() / 60_000, first(y.topArtists(false, 1)), first(y.topTracks(false, 1)),
                first(y.topGenres(genresByTrackId, 1)),
                discovered.stream().mapToLong(DiscoveryMonth::newArtists).sum(),
                discovered.stream().mapToLong(DiscoveryMonth::newTracks).sum(), hour, weekday, longest, months);
    }

    private static <T> T first(List<T> list) {
        return list.isEmpty() ? null : list.get(0);
    }

    private static boolean inside(Instant i, Instant from, Instant to) {
        return (from == null || !i.isBefore(from)) && (to == null || i.isBefore(to));
    }

    private static String min(String a, String b) {
        return a == null ? b : b == null ? a : (a.compareTo(b) <= 0 ? a : b);
    }

    private static String max(String a, String b) {
        return a == null ? b : b == null ? a : (a.compareTo(b) >= 0 ? a : b);
    }
}

package io.echotune.ingestion.history.service;

import io.echotune.commons.music.TrackNames;
import io.echotune.ingestion.history.ListeningRecord;
import io.echotune.ingestion.history.repository.ListeningHistoryRepository.TimedPlay;
import io.echotune.ingestion.imports.ImportFormat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells which new records and stored plays are the same play seen twice: once by the Spotify sync and once in an
 * export. Their identities differ whenever the export's {@code ms_played} is not the track's duration (the sync
 * assumes a full play) or its {@code ts} falls in another minute than {@code played_at}, so they are matched on what
 * both know: the same track (the URI when both have one, else the normalised artist and title) and end times at most
 * a window apart. A basic export's end time is a minute, so its play ends anywhere in that minute. Each record and
 * each stored play is used once, the closest pairs first.
 */
final class SyncedPlayMatching {

    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60_000L;

    private SyncedPlayMatching() {
    }

    /** For the records that are plays already stored, the index of the record mapped to that stored play. */
    static Map<Integer, TimedPlay> pair(List<ListeningRecord> records, List<TimedPlay> stored, long windowMs) {
        if (records.isEmpty() || stored.isEmpty()) {
            return Map.of();
        }
        Map<String, List<TimedPlay>> storedByName = new HashMap<>();
        Map<String, List<TimedPlay>> storedByUri = new HashMap<>();
        for (TimedPlay play : stored) {
            if (play.trackUri() != null) {
                storedByUri.computeIfAbsent(play.trackUri(), k -> new ArrayList<>()).add(play);
            }
            String name = nameKey(play.artistName(), play.trackName());
            if (name != null) {
                storedByName.computeIfAbsent(name, k -> new ArrayList<>()).add(play);
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ListeningRecord r = records.get(i);
            Set<TimedPlay> sameTrack = new HashSet<>();
            if (r.trackUri() != null) {
                sameTrack.addAll(storedByUri.getOrDefault(r.trackUri(), List.of()));
            }
            String name = nameKey(r.artistName(), r.trackName());
            if (name != null) {
                for (TimedPlay play : storedByName.getOrDefault(name, List.of())) {
                    // names decide only where a URI is missing on either side: two URIs must agree
                    if (r.trackUri() == null || play.trackUri() == null) {
                        sameTrack.add(play);
                    }
                }
            }
            long recordPrecision = precisionOf(r.source() == null ? null : r.source().name());
            for (TimedPlay play : sameTrack) {
                long gap = gap(r.playedAt(), recordPrecision, play.playedAt(), precisionOf(play.source()));
                if (gap <= windowMs) {
                    candidates.add(new Candidate(i, play, gap));
                }
            }
        }
        candidates.sort(Comparator.comparingLong(Candidate::gap));
        Map<Integer, TimedPlay> pairs = new HashMap<>();
        Set<String> usedPlays = new HashSet<>();
        for (Candidate c : candidates) {
            if (!pairs.containsKey(c.record()) && usedPlays.add(c.play().id())) {
                pairs.put(c.record(), c.play());
            }
        }
        return pairs;
    }

    private record Candidate(int record, TimedPlay play, long gap) {
    }

    /** A basic export's end time is its minute; every other source has whole seconds. */
    private static long precisionOf(String source) {
        return ImportFormat.BASIC.name().equals(source) ? MINUTE : SECOND;
    }

    /** The distance between the end-time intervals [a, a + aWidth) and [b, b + bWidth); 0 when they overlap. */
    private static long gap(long a, long aWidth, long b, long bWidth) {
        return Math.max(0, Math.max(b - (a + aWidth - 1), a - (b + bWidth - 1)));
    }

    private static String nameKey(String artist, String title) {
        return artist == null || title == null ? null
                : TrackNames.normalise(artist) + "\u001f" + TrackNames.normalise(title);
    }
}

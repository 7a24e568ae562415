package io.echotune.recommender.ranking;

import io.echotune.recommender.Evidence;
import io.echotune.recommender.Novelty;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes why a pick was made (docs/recommender.md, "Explanations"): one sentence per strong component, each stating
 * a fact from the data (plays, shared playlists, co-listeners, genre tags, feature values) together with that fact
 * in structured form ({@link Evidence}), so every number shown can be checked against the stores.
 */
final class ExplanationWriter {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** The text shown and the facts it states. */
    record Explanation(String text, List<Evidence> evidence) {
    }

    private final RankingRun run;
    private final TrackScorer scorer;
    private final CatalogIndex c;
    private final CoListening col;
    private final TasteProfile p;
    private final RankingQuery q;
    private final float[] collaborative;
    private final int[] collaborativeAnchor;
    private final float[] neighbourArtistScore;
    private final int[] neighbourArtistAnchor;
    private final List<ArtistNeighbours.Anchor> artistAnchors;
    private final float[] seedGenres;
    private final float[] contextAim;
    private final float[] tasteCentre;
    private final boolean[] seedArtistTracks;

    ExplanationWriter(RankingRun run, TrackScorer scorer) {
        this.run = run;
        this.scorer = scorer;
        this.c = run.c;
        this.col = run.col;
        this.p = run.p;
        this.q = run.q;
        this.collaborative = run.collaborative;
        this.collaborativeAnchor = run.collaborativeAnchor;
        this.neighbourArtistScore = run.neighbourArtistScore;
        this.neighbourArtistAnchor = run.neighbourArtistAnchor;
        this.artistAnchors = run.artistAnchors;
        this.seedGenres = run.seedGenres;
        this.contextAim = run.contextAim;
        this.tasteCentre = run.tasteCentre;
        this.seedArtistTracks = run.seedArtistTracks;
    }

    /**
     * The explanation of a pick from its six weighted components {@code v}: the two strongest positive parts
     * (popularity only when nothing else speaks), each with a fact from the data.
     */
    Explanation explain(int t, float[] v) {
        // the two strongest positive parts (popularity only when nothing else speaks), each with a fact
        Integer[] order = {0, 1, 2, 3, 4};
        // familiar and discover answers say first what makes the track familiar or new, when it is
        boolean noveltyFirst = q.novelty() != Novelty.BALANCED && v[4] > 0;
        java.util.Arrays.sort(order, (x, y) -> noveltyFirst && (x == 4 || y == 4) ? (x == 4 ? -1 : 1)
                : v[x] != v[y] ? Float.compare(v[y], v[x]) : Integer.compare(x, y));
        List<String> sentences = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        for (int i : order) {
            if (sentences.size() == 2 || v[i] <= 0.05f) {
                break;
            }
            Sentence s = switch (i) {
                case 0 -> tasteSentence(t);
                case 1 -> contextSentence(t);
                case 2 -> semanticSentence(t);
                case 3 -> collaborativeSentence(t);
                default -> noveltySentence(t);
            };
            if (s != null && !sentences.contains(s.text())) {
                sentences.add(s.text());
                evidence.add(s.evidence());
            }
        }
        if (sentences.isEmpty() && run.isPlayed(t)) {
            PlayedTracks played = run.played;
            int i = t - run.n;
            sentences.add("you've played it " + times(played.streams(i)));
            evidence.add(Evidence.trackPlays(played.ref(i), played.name(i), played.streams(i),
                    MONTH.format(Instant.ofEpochMilli(played.lastPlayed(i)))));
        } else if (sentences.isEmpty()) {
            int pop = c.popularity(t);
            if (pop >= 0) {
                sentences.add("popular on Spotify right now (popularity " + pop + " of 100)");
                evidence.add(Evidence.popularity(pop));
            } else {
                sentences.add("in the catalog, and nothing you have told us argues against it");
            }
        }
        String text = String.join("; ", sentences);
        text = Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".";
        return new Explanation(text, List.copyOf(evidence));
    }

    record Sentence(String text, Evidence evidence) {
    }

    Sentence tasteSentence(int t) {
        if (run.isPlayed(t)) {
            return playedTasteSentence(t - run.n);
        }
        if (p.isLiked(t)) {
            return new Sentence("you " + (p.mark(t).signal() == io.echotune.recommender.FeedbackSignal.SAVE ? "saved" : "liked")
                    + " this track", Evidence.feedback(c.id(t), p.mark(t).signal().wireName()));
        }
        // own artist first: the strongest fact there is
        CatalogIndex.Csr ta = c.trackArtists();
        TasteProfile.ArtistTaste own = null;
        int neighbourOf = -1;
        float neighbourScore = 0;
        for (int i = ta.start(t); i < ta.end(t); i++) {
            int a = ta.value(i);
            TasteProfile.ArtistTaste at = p.artist(c, a);
            if (at != null && at.streams() > 0 && (own == null || at.streams() > own.streams())) {
                own = at;
            }
            if (neighbourArtistScore[a] > neighbourScore && !artistAnchors.get(neighbourArtistAnchor[a]).seed()) {
                neighbourScore = neighbourArtistScore[a];
                neighbourOf = a;
            }
        }
        if (own != null && own.affinity() > 0.2f) {
            return new Sentence("you've played " + own.name() + " " + times(own.streams()),
                    Evidence.artistPlays(own.name(), own.streams()));
        }
        if (neighbourOf >= 0 && neighbourScore >= 0.3f) {
            ArtistNeighbours.Anchor anchor = artistAnchors.get(neighbourArtistAnchor[neighbourOf]);
            List<String> shared = sharedGenres(anchor.genres(), neighbourOf, t);
            if (!shared.isEmpty() && anchor.streams() > 0) {
                return new Sentence(c.artistName(neighbourOf) + " shares " + quoteList(shared) + " with "
                        + anchor.name() + ", whom you've played " + times(anchor.streams()),
                        Evidence.similarArtist(anchor.name(), anchor.streams(), shared));
            }
        }
        int bestGenre = -1;
        double bestValue = 0;
        CatalogIndex.Csr tg = c.trackGenres();
        for (int i = tg.start(t); i < tg.end(t); i++) {
            int g = tg.value(i);
            double value = p.genreAffinity(g) * c.genreIdf(g);
            if (p.genreStreams(g) > 0 && (value > bestValue || (value == bestValue && bestGenre >= 0 && g < bestGenre))) {
                bestGenre = g;
                bestValue = value;
            }
        }
        double fit = scorer.tasteFeatureFit(t);
        if (bestGenre >= 0 && (bestValue >= 0.5 || fit < 0.6)) {
            return new Sentence(c.genreName(bestGenre) + " is a genre you play a lot ("
                    + p.genreStreams(bestGenre) + " plays)", Evidence.genrePlays(c.genreName(bestGenre), p.genreStreams(bestGenre)));
        }
        if (tasteCentre != null) {
            int d = closestDimension(t, tasteCentre);
            if (d >= 0) {
                double value = roundTo(c.rawFeature(t, d), d);
                return new Sentence("its " + FeatureSpace.NAMES.get(d) + " (" + format(value, d)
                        + ") sits where the tracks you love most do", Evidence.tasteFit(FeatureSpace.NAMES.get(d), value));
            }
        }
        return null;
    }

    /** A played track outside the catalog: its artist's plays, else its artist's genre the listener plays most. */
    Sentence playedTasteSentence(int i) {
        PlayedTracks played = run.played;
        if (played.liked(i)) {
            return new Sentence("you " + (played.feedback(i) == io.echotune.recommender.FeedbackSignal.SAVE ? "saved" : "liked")
                    + " this track", Evidence.feedback(played.ref(i), played.feedback(i).wireName()));
        }
        TasteProfile.ArtistTaste own = p.artist(played.artistKey(i));
        if (own != null && own.streams() > 0 && own.affinity() > 0.2f) {
            return new Sentence("you've played " + own.name() + " " + times(own.streams()),
                    Evidence.artistPlays(own.name(), own.streams()));
        }
        int bestGenre = -1;
        double bestValue = 0;
        for (int g : played.genres(i)) {
            double value = p.genreAffinity(g) * c.genreIdf(g);
            if (p.genreStreams(g) > 0 && value > bestValue) {
                bestGenre = g;
                bestValue = value;
            }
        }
        return bestGenre < 0 ? null : new Sentence(c.genreName(bestGenre) + " is a genre you play a lot ("
                + p.genreStreams(bestGenre) + " plays)", Evidence.genrePlays(c.genreName(bestGenre), p.genreStreams(bestGenre)));
    }

    /** The dimension where the track is nearest the centre, among those that set the track apart (not mid-scale). */
    int closestDimension(int t, float[] centre) {
        int best = -1;
        double bestZ = Double.MAX_VALUE;
        for (int d : new int[] {1, 2, 0, 4, 5, 3, 6}) {
            float x = c.feature(t, d);
            if (Float.isNaN(x) || Float.isNaN(centre[d])) {
                continue;
            }
            double z = Math.abs(x - centre[d]) / p.spread(d);
            if (z < bestZ) {
                bestZ = z;
                best = d;
            }
        }
        return bestZ <= 1.0 ? best : -1;
    }

    Sentence contextSentence(int t) {
        int best = -1;
        double bestFit = -1;
        for (Map.Entry<Integer, ContextTable.Range> e : q.softTargets().entrySet()) {
            int d = e.getKey();
            double x = c.rawFeature(t, d);
            if (Double.isNaN(x) || x < e.getValue().min() || x > e.getValue().max()) {
                continue;
            }
            double fit = 1 - Math.abs(c.feature(t, d) - contextAim[d]);
            if (fit > bestFit || (fit == bestFit && d < best)) {
                best = d;
                bestFit = fit;
            }
        }
        if (best < 0) {
            return null;
        }
        double value = roundTo(c.rawFeature(t, best), best);
        String label = q.contextLabel() != null ? q.contextLabel() : "what you asked for";
        return new Sentence(FeatureSpace.NAMES.get(best) + " " + format(value, best) + " fits " + label,
                Evidence.featureFit(FeatureSpace.NAMES.get(best), value, label));
    }

    Sentence semanticSentence(int t) {
        if (run.isPlayed(t)) {
            int a = run.played.catalogArtist(t - run.n);
            return a >= 0 && java.util.Arrays.stream(run.seedArtistIds).anyMatch(s -> s == a)
                    ? new Sentence("by " + c.artistName(a) + ", as you asked", Evidence.seedArtist(c.artistName(a), List.of()))
                    : null;
        }
        CatalogIndex.Csr tg = c.trackGenres();
        int asked = -1;
        for (int g : q.requestedGenreList()) {
            if (tg.contains(t, g)) {
                asked = g;
                break;
            }
        }
        if (asked >= 0) {
            return new Sentence("tagged " + c.genreName(asked) + ", as you asked", Evidence.requestedGenre(c.genreName(asked)));
        }
        if (seedArtistTracks[t]) {
            for (RankingQuery.SeedArtist s : q.seedArtists()) {
                if (s.catalogArtist() >= 0 && c.trackArtists().contains(t, s.catalogArtist())) {
                    return new Sentence("by " + c.artistName(s.catalogArtist()) + ", as you asked",
                            Evidence.seedArtist(c.artistName(s.catalogArtist()), List.of()));
                }
            }
        }
        CatalogIndex.Csr ta = c.trackArtists();
        for (int i = ta.start(t); i < ta.end(t); i++) {
            int a = ta.value(i);
            if (neighbourArtistScore[a] > 0 && artistAnchors.get(neighbourArtistAnchor[a]).seed()) {
                ArtistNeighbours.Anchor anchor = artistAnchors.get(neighbourArtistAnchor[a]);
                List<String> shared = sharedGenres(anchor.genres(), a, t);
                if (!shared.isEmpty()) {
                    return new Sentence(c.artistName(a) + " shares " + quoteList(shared) + " with " + anchor.name()
                            + ", whom you asked for", Evidence.seedArtist(anchor.name(), shared));
                }
            }
        }
        if (q.promptGenres() != null) {
            int best = -1;
            float bestSim = 0;
            for (int i = tg.start(t); i < tg.end(t); i++) {
                int g = tg.value(i);
                if (q.promptGenres()[g] > bestSim) {
                    best = g;
                    bestSim = q.promptGenres()[g];
                }
            }
            if (best >= 0 && bestSim >= 0.3f) {
                return new Sentence("tagged " + c.genreName(best) + ", close to \"" + q.prompt() + "\"",
                        Evidence.promptGenre(c.genreName(best), q.prompt()));
            }
        }
        if (q.requestedGenres() != null) {
            int best = -1;
            float bestW = 0;
            for (int i = tg.start(t); i < tg.end(t); i++) {
                int g = tg.value(i);
                if (q.requestedGenres()[g] > bestW) {
                    best = g;
                    bestW = q.requestedGenres()[g];
                }
            }
            if (best >= 0) {
                return new Sentence("tagged " + c.genreName(best) + ", next to the genres you asked for",
                        Evidence.requestedGenre(c.genreName(best)));
            }
        }
        if (seedGenres != null) {
            Sentence s = collaborativeSentence(t);
            if (s != null) {
                return s;
            }
            int best = -1;
            for (int i = tg.start(t); i < tg.end(t); i++) {
                int g = tg.value(i);
                if (seedGenres[g] > 0 && (best < 0 || seedGenres[g] > seedGenres[best])) {
                    best = g;
                }
            }
            if (best >= 0) {
                return new Sentence("tagged " + c.genreName(best) + ", like the tracks you started from",
                        Evidence.requestedGenre(c.genreName(best)));
            }
        }
        return null;
    }

    Sentence collaborativeSentence(int t) {
        if (run.isPlayed(t)) {
            return null;
        }
        if (TrackScorer.ARTIST_CO_LISTENING * scorer.artistCoListening(t) > collaborative[t]) {
            return artistCoListeningSentence(t);
        }
        if (collaborative[t] <= 0) {
            return null;
        }
        int anchor = collaborativeAnchor[t];
        String anchorName = c.name(anchor);
        List<String> anchorArtists = c.artistNamesOf(anchor);
        String by = anchorArtists.isEmpty() ? null : anchorArtists.get(0);
        String named = "\"" + anchorName + "\"" + (by == null ? "" : " by " + by);
        int playlists = c.sharedPlaylists(anchor, t);
        if (playlists > 0) {
            return new Sentence("it shares " + playlists + " public playlist" + (playlists == 1 ? "" : "s") + " with "
                    + named, Evidence.sharedPlaylists(c.id(anchor), anchorName, by, playlists));
        }
        int others = col.otherListeners(anchor, t, run.askerLovesBoth(anchor, t));
        if (others > 0) {
            return new Sentence(others + " other listeners who love " + named + " also love this",
                    Evidence.coListeners(c.id(anchor), anchorName, by, others));
        }
        return null;
    }

    /**
     * The artist co-listening fact: the track's artist and the anchor artist are held together by this many baskets
     * (listeners, public playlists, a public data set's listeners), the asker's own left out, at least the threshold.
     */
    Sentence artistCoListeningSentence(int t) {
        CatalogIndex.Csr ta = c.trackArtists();
        int artist = -1;
        for (int i = ta.start(t); i < ta.end(t); i++) {
            int a = ta.value(i);
            if (run.artistCollaborativeAnchor[a] >= 0 && (artist < 0 || run.artistCollaborative[a] > run.artistCollaborative[artist])) {
                artist = a;
            }
        }
        if (artist < 0) {
            return null;
        }
        RankingRun.ArtistAnchor anchor = run.artistCollaborativeAnchors.get(run.artistCollaborativeAnchor[artist]);
        ArtistCoListening model = run.artistCol;
        for (int i = model.neighboursStart(anchor.id()); i < model.neighboursEnd(anchor.id()); i++) {
            if (model.neighbour(i) == artist) {
                int others = model.otherBaskets(i, run.askerHoldsBothArtists(anchor.id(), artist));
                if (others == 0) {
                    return null;
                }
                return new Sentence(others + " listeners and playlists that hold " + anchor.name() + " also hold "
                        + c.artistName(artist), Evidence.artistCoListeners(anchor.name(), c.artistName(artist), others));
            }
        }
        return null;
    }

    Sentence noveltySentence(int t) {
        if (run.isPlayed(t)) {
            PlayedTracks played = run.played;
            int i = t - run.n;
            return q.novelty() != Novelty.FAMILIAR ? null : familiarSentence(played.ref(i), played.name(i),
                    played.streams(i), played.firstPlayed(i), played.lastPlayed(i), played.recentDays(i),
                    scorer.forgotten(played.affinity(i), scorer.love(played.streams(i)), played.lastPlayed(i)));
        }
        if (q.novelty() == Novelty.FAMILIAR && p.knows(t)) {
            Sentence s = familiarSentence(c.id(t), c.name(t), p.trackStreams(t), p.firstPlayed(t), p.lastPlayed(t),
                    p.recentDays(t), scorer.forgotten(t));
            if (s != null) {
                return s;
            }
        }
        CatalogIndex.Csr ta = c.trackArtists();
        if (q.novelty() != Novelty.FAMILIAR && ta.size(t) > 0 && !scorer.knownArtist(t) && !p.isEmpty()) {
            String artist = c.artistName(ta.value(ta.start(t)));
            TasteProfile.ArtistTaste at = p.artist(c, ta.value(ta.start(t)));
            if (at == null || at.streams() == 0) {
                return new Sentence("new to you: you have never played " + artist, Evidence.newArtist(artist));
            }
        }
        for (int i = ta.start(t); i < ta.end(t); i++) {
            TasteProfile.ArtistTaste at = p.artist(c, ta.value(i));
            if (at != null && at.streams() > 0 && !p.knows(t)) {
                return new Sentence("a track you haven't heard by " + at.name() + ", whom you've played "
                        + times(at.streams()), Evidence.artistPlays(at.name(), at.streams()));
            }
        }
        return null;
    }

    /**
     * Why a track the listener knows is in a familiar answer, from the strongest of its named parts: the current
     * rotation (streams in the last 3 weeks), a forgotten favourite, long-term love, else when it was last played.
     */
    Sentence familiarSentence(String id, String name, int streams, long first, long last, int[] recentDays,
                              boolean forgotten) {
        if (streams <= 0) {
            return null;
        }
        int recent = run.rotationStreams(recentDays);
        String lastMonth = MONTH.format(Instant.ofEpochMilli(last));
        int weeks = TasteAccumulator.ROTATION_DAYS / 7;
        // the rotation is cited when it stands out more than long-term love (each as a share of the listener's most)
        if (recent > 0 && scorer.rotation(recentDays) >= scorer.love(streams)) {
            return new Sentence("in your current rotation: " + (recent == 1 ? "1 play" : recent + " plays")
                    + " in the last " + weeks + " weeks", Evidence.rotation(id, name, recent, weeks));
        }
        if (forgotten) {
            return new Sentence("a favourite you haven't played since " + lastMonth + ": you've played it " + times(streams),
                    Evidence.trackPlays(id, name, streams, lastMonth));
        }
        if (scorer.love(streams) >= 0.5) {
            String firstMonth = MONTH.format(Instant.ofEpochMilli(first));
            return new Sentence("one of your long-time favourites: you've played it " + times(streams) + " since "
                    + firstMonth, Evidence.longTimeFavourite(id, name, streams, firstMonth));
        }
        return new Sentence("last played in " + lastMonth + "; you've played it " + times(streams),
                Evidence.trackPlays(id, name, streams, lastMonth));
    }

    /** Tags the anchor artist, the similar artist and this very track all carry (at most two, rarest first). */
    List<String> sharedGenres(int[] anchorGenres, int artist, int track) {
        List<String> shared = new ArrayList<>();
        CatalogIndex.Csr ag = c.artistGenres();
        int[] sorted = java.util.Arrays.stream(anchorGenres).boxed()
                .sorted((x, y) -> c.genreIdf(x) != c.genreIdf(y) ? Float.compare(c.genreIdf(y), c.genreIdf(x)) : Integer.compare(x, y))
                .mapToInt(Integer::intValue).toArray();
        for (int g : sorted) {
            if (ag.contains(artist, g) && c.trackGenres().contains(track, g) && shared.size() < 2) {
                shared.add(c.genreName(g));
            }
        }
        return shared;
    }

    static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }

    static String quoteList(List<String> genres) {
        return genres.size() == 1 ? "the tag " + genres.get(0) : "the tags " + String.join(" and ", genres);
    }

    /** Ratios to 2 decimals, tempo to whole BPM, loudness to 1 decimal: as explanations print them. */
    static double roundTo(double value, int dimension) {
        return switch (dimension) {
            case FeatureSpace.TEMPO -> Math.round(value);
            case FeatureSpace.LOUDNESS -> Math.round(value * 10) / 10.0;
            default -> Math.round(value * 100) / 100.0;
        };
    }

    static String format(double value, int dimension) {
        return switch (dimension) {
            case FeatureSpace.TEMPO -> String.format(Locale.ROOT, "%.0f BPM", value);
            case FeatureSpace.LOUDNESS -> String.format(Locale.ROOT, "%.1f dB", value);
            default -> String.format(Locale.ROOT, "%.2f", value);
        };
    }
}

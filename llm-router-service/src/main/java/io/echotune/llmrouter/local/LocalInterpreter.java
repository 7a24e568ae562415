package io.echotune.llmrouter.local;

import io.echotune.llmrouter.Entities;
import io.echotune.llmrouter.Era;
import io.echotune.llmrouter.FeatureTarget;
import io.echotune.llmrouter.Intent;
import io.echotune.llmrouter.Interpretation;
import io.echotune.llmrouter.Novelty;
import io.echotune.llmrouter.Refinement;
import io.echotune.llmrouter.Turn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The offline interpreter: deterministic, no network. Intent from phrasing rules ({@link IntentRules}) and, where
 * they do not decide, the nearest embedded prototypes ({@link IntentPrototypes}); entities from the catalog
 * gazetteer (artists, tracks, genres) and the curated {@link Lexicon} (moods, activities, times of day, genre
 * synonyms); counts, eras, playlist names and refinements by their own parsers. Blocking (embedding): call it on a
 * worker thread.
 */
public final class LocalInterpreter {

    public static final String COMMON_WORDS = "interpret/common-words.txt";
    private static final Set<String> KEYWORDS = Set.of("recommend", "recommendation", "recommendations", "playlist",
            "playlists", "something", "songs", "music", "suggest", "please", "listen", "listening", "favourite",
            "favorite", "tracks", "create", "similar", "instrumental", "danceable", "different", "artists", "genre",
            "genres", "album", "albums", "shuffle", "volume", "previous", "remove", "without", "another", "should");
    private static final Set<String> EXTRA_KNOWN = Set.of("calmer", "quieter", "softer", "slower", "faster", "happier",
            "sadder", "darker", "louder", "mellower", "chiller", "obscure", "mainstream", "familiar", "discover",
            "instead", "exclude", "cheerier", "livelier", "quicker", "gentler", "moodier", "groovier", "vibe", "vibes",
            "lofi", "kpop", "jpop", "edm", "dnb", "rnb", "plz", "pls", "thx", "lol", "haha", "stats", "spotify", "skip",
            "queue", "unpause", "speaker", "joke", "robot", "weather", "wanna", "gonna", "gotta", "sum", "u", "ur",
            "surprise", "save", "name", "named", "call", "called", "build", "create", "created", "made", "keep", "remove",
            "swap", "drop", "change", "add", "sister", "brother", "wedding", "christmas", "birthday", "friends",
            "today", "tomorrow", "week", "month", "year", "rainy", "sunny", "saturday", "weekend", "house", "room",
            "explain", "commands", "connect", "import", "export", "history", "account", "minutes", "hours", "times",
            "often", "played", "percentage", "summary", "different", "usually", "lockdown", "taste", "changed",
            "terrible", "boring", "perfect", "amazing", "awesome", "already", "exactly", "wanted", "selection", "great",
            "thumbs", "dislike", "speed", "energy", "tone", "popular", "stuff", "bit", "lots", "long", "trip",
            "big", "radio", "dancing", "cook", "dinner", "walking", "dog", "good", "like", "similar", "sounds", "sound");
    private static final Set<String> NAME_CUES = Set.of("like", "by", "from", "of", "to", "more", "without", "add",
            "than", "hear", "and", "&", "featuring", "feat", "ft", "with", "plus", "as", "between", "mix", "mixing",
            "blend", "blending", "including", "vs", "versus");

    private final Lexicon lexicon;
    private final Supplier<Gazetteer> gazetteer;
    private final IntentPrototypes prototypes;
    private final EraParser eras;
    private final CountParser counts = new CountParser();
    private final PlaylistNameParser playlistNames = new PlaylistNameParser();
    private final RefinementCues cues = new RefinementCues();
    private final IntentRules rules = new IntentRules();
    private final Set<String> commonWords;
    private final TypoCorrector typos;

    public LocalInterpreter(Lexicon lexicon, Supplier<Gazetteer> gazetteer, IntentPrototypes prototypes, Clock clock) {
        this.lexicon = lexicon;
        this.gazetteer = gazetteer;
        this.prototypes = prototypes;
        this.eras = new EraParser(clock);
        Set<String> common = new HashSet<>(readWords(COMMON_WORDS));
        common.addAll(lexicon.vocabulary());
        this.commonWords = Set.copyOf(common);
        Set<String> known = new HashSet<>(common);
        known.addAll(KEYWORDS);
        known.addAll(EXTRA_KNOWN);
        Set<String> keywords = new HashSet<>(KEYWORDS);
        for (String word : lexicon.vocabulary()) {
            if (word.length() >= 4 && word.chars().allMatch(Character::isLetter)) {
                keywords.add(word);
            }
        }
        this.typos = new TypoCorrector(known, keywords);
    }

    /** Version of the rules and lexicon, recorded with every reading as its prompt version. */
    public String version() {
        return "local/" + lexicon.version();
    }

    public Interpretation interpret(String text, List<Turn> context) {
        Gazetteer names = gazetteer.get();
        List<Tokens.Token> tokens = Tokens.tokenize(text);
        Optional<PlaylistNameParser.Found> playlistName = playlistNames.parse(text);
        boolean[] masked = new boolean[tokens.size()];
        String[] norms = new String[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            Tokens.Token token = tokens.get(i);
            masked[i] = playlistName.isPresent() && token.start() >= playlistName.get().start()
                    && token.end() <= playlistName.get().end();
            boolean likelyName = token.capitalised() && i > 0;
            norms[i] = likelyName || names.knowsWord(token.norm()) ? token.norm() : typos.correct(token.norm());
        }
        String norm = String.join(" ", norms);
        StringBuilder unmasked = new StringBuilder();
        for (int i = 0; i < norms.length; i++) {
            if (!masked[i]) {
                unmasked.append(unmasked.isEmpty() ? "" : " ").append(norms[i]);
            }
        }

        Found found = findNames(tokens, norms, masked, names);
        Map<String, Double> nudges = cues.nudges(norm);
        Optional<Integer> seed = cues.position(norm);
        boolean asksForMore = cues.asksForMore(norm);
        Optional<Novelty> novelty = cues.novelty(norm);
        Optional<Era> era = eras.parse(unmasked.toString());
        boolean hasContext = context != null && context.stream().anyMatch(t -> t != null && t.text() != null && !t.text().isBlank());
        boolean namesStyle = !found.genres.isEmpty() || !found.moods.isEmpty() || !found.activities.isEmpty();
        boolean namesMusic = namesStyle || found.timeOfDay != null || era.isPresent();
        boolean refines = !nudges.isEmpty() || !found.excludedArtists.isEmpty() || !found.excludedGenres.isEmpty()
                || seed.isPresent() || asksForMore;
        Intent intent = rules.decide(new IntentRules.Evidence(norm, hasContext, namesMusic, namesStyle,
                        !found.artists.isEmpty() || !found.excludedArtists.isEmpty(), !found.tracks.isEmpty(), refines))
                .orElseGet(() -> nearest(text, hasContext));

        Entities entities = switch (intent) {
            case SMALLTALK, HELP -> Entities.none();
            case PLAYBACK, FEEDBACK -> new Entities(list(found.artists), list(found.tracks), List.of(), List.of(),
                    List.of(), null, null);
            default -> new Entities(list(found.artists), list(found.tracks), list(found.genres), list(found.moods),
                    list(found.activities), era.orElse(null), found.timeOfDay);
        };
        boolean describes = intent == Intent.RECOMMEND || intent == Intent.REFINE || intent == Intent.CREATE_PLAYLIST;
        Refinement refinement = describes
                ? new Refinement(intent == Intent.REFINE ? nudges : Map.of(), list(found.excludedArtists),
                        list(found.excludedGenres), intent == Intent.REFINE ? seed.orElse(null) : null,
                        intent == Intent.REFINE && asksForMore)
                : null;
        Integer count = intent == Intent.SMALLTALK || intent == Intent.HELP ? null : counts.parse(unmasked.toString()).orElse(null);
        return new Interpretation(intent, entities, count, describes ? targets(found) : null,
                describes || intent == Intent.FEEDBACK ? novelty.orElse(null) : null,
                intent == Intent.CREATE_PLAYLIST || intent == Intent.REFINE ? playlistName.map(PlaylistNameParser.Found::name).orElse(null) : null,
                refinement);
    }

    /** The intent the embedded prototypes alone vote for (what decides when no rule does). */
    Intent nearest(String text, boolean hasContext) {
        for (IntentPrototypes.Vote vote : prototypes.vote(text)) {
            // A refinement changes a previous request; without one there is nothing to refine.
            if (vote.intent() != Intent.REFINE || hasContext) {
                return vote.intent();
            }
        }
        return Intent.RECOMMEND;
    }

    /** What {@link #findNames} collected, in the order the message names them. */
    private static final class Found {
        final Set<String> artists = new LinkedHashSet<>();
        final Set<String> tracks = new LinkedHashSet<>();
        final Set<String> genres = new LinkedHashSet<>();
        final Set<String> moods = new LinkedHashSet<>();
        final Set<String> activities = new LinkedHashSet<>();
        final Set<String> excludedArtists = new LinkedHashSet<>();
        final Set<String> excludedGenres = new LinkedHashSet<>();
        final List<Lexicon.Term> terms = new ArrayList<>();
        String timeOfDay;
    }

    private Found findNames(List<Tokens.Token> tokens, String[] norms, boolean[] masked, Gazetteer names) {
        Found found = new Found();
        boolean[] used = masked.clone();
        int i = 0;
        while (i < tokens.size()) {
            int taken = used[i] ? 0 : matchAt(i, tokens, norms, used, names, found);
            i += Math.max(taken, 1);
        }
        // Names the catalog does not hold, recognised by the way people introduce them: "like Tame Impala".
        for (int start = 1; start < tokens.size(); start++) {
            if (used[start] || !NAME_CUES.contains(norms[start - 1]) || !tokens.get(start).capitalised()
                    || tokens.get(start).surface().equals("I")) {
                continue;
            }
            int end = start;
            boolean pair = norms[start - 1].equals("between");
            while (end < tokens.size() && !used[end] && (tokens.get(end).capitalised()
                    || (end > start && end + 1 < tokens.size() && tokens.get(end + 1).capitalised()
                        && joinsName(norms[end], end - start, pair)))) {
                end++;
            }
            String phrase = join(norms, start, end);
            if (end > start && end < tokens.size() && norms[end].equals("by") && followedByArtist(end, norms, names)) {
                Gazetteer.TrackName track = names.track(phrase);
                found.tracks.add(track != null ? track.name() : joinSurface(tokens, start, end));
                for (int k = start; k < end; k++) {
                    used[k] = true;
                }
                start = end;
            } else if (end > start && !allCommon(norms, start, end)) {
                Gazetteer.TrackName track = names.track(phrase);
                String surface = joinSurface(tokens, start, end);
                if (track != null) {
                    found.tracks.add(track.name());
                } else {
                    addArtist(found, surface, before(norms, start));
                }
                for (int k = start; k < end; k++) {
                    used[k] = true;
                }
                start = end;
            }
        }
        return found;
    }

    /**
     * Whether a small word inside a capitalised run keeps the name going: "of" and "the" do ("Florence and the
     * Machine"); "and" and "&" only after a one-word start ("Simon and Garfunkel"), and never after "between", which
     * names two ("between Tame Impala and Daft Punk").
     */
    private static boolean joinsName(String word, int wordsSoFar, boolean pairAfterBetween) {
        return switch (word) {
            case "of", "the", "de", "la" -> true;
            case "and", "&" -> wordsSoFar == 1 && !pairAfterBetween;
            default -> false;
        };
    }

    /** Tries the longest name starting at token {@code i}; returns how many tokens it took (0 for none). */
    private int matchAt(int i, List<Tokens.Token> tokens, String[] norms, boolean[] used, Gazetteer names, Found found) {
        int longest = Math.min(Gazetteer.MAX_NAME_WORDS, tokens.size() - i);
        for (int n = longest; n >= 1; n--) {
            if (anyUsed(used, i, i + n)) {
                continue;
            }
            String phrase = join(norms, i, i + n);
            String before = before(norms, i);
            List<Lexicon.Term> terms = lexicon.phrases().get(phrase);
            boolean insideName = continuesCapitalisedName(tokens, norms, used, i, names);
            if (terms != null && !insideName && !(n == 1 && isHouseholdHouse(phrase, before))) {
                terms.forEach(term -> addTerm(found, term, before));
                return mark(used, i, n);
            }
            String genre = names.genre(phrase);
            if (genre != null && !insideName && !lexicon.isAmbiguousGenreTag(genre)
                    && !(n == 1 && isHouseholdHouse(phrase, before))) {
                addGenre(found, genre, before);
                return mark(used, i, n);
            }
            Gazetteer.TrackName track = names.track(phrase);
            boolean byArtist = track != null && followedByItsArtist(track, i + n, norms);
            String artist = names.artist(phrase);
            if (artist != null && !byArtist && acceptName(tokens, norms, i, i + n)) {
                addArtist(found, artist, before);
                return mark(used, i, n);
            }
            if (track != null && (byArtist || quoted(tokens, i, i + n) || acceptTitle(tokens, norms, i, i + n))) {
                found.tracks.add(track.name());
                return mark(used, i, n);
            }
        }
        return 0;
    }

    private void addTerm(Found found, Lexicon.Term term, String before) {
        switch (term.kind()) {
            case MOOD -> {
                if (!cues.negatesMood(before)) {
                    found.moods.add(term.name());
                    found.terms.add(term);
                }
            }
            case ACTIVITY -> {
                found.activities.add(term.name());
                found.terms.add(term);
            }
            case TIME_OF_DAY -> {
                if (found.timeOfDay == null) {
                    found.timeOfDay = term.name();
                    found.terms.add(term);
                }
            }
            case GENRE -> addGenre(found, term.name(), before);
        }
    }

    private void addGenre(Found found, String genre, String before) {
        if (cues.excludes(before)) {
            found.excludedGenres.add(genre);
        } else {
            found.genres.add(genre);
        }
    }

    private void addArtist(Found found, String artist, String before) {
        if (cues.excludes(before)) {
            found.excludedArtists.add(artist);
        } else {
            found.artists.add(artist);
        }
    }

    /**
     * "Daft Punk" is a name, not the genre punk: a capitalised word right after a capitalised word that is neither the
     * first of the message nor a known name or style starts no genre, mood or activity of its own.
     */
    private boolean continuesCapitalisedName(List<Tokens.Token> tokens, String[] norms, boolean[] used, int i,
            Gazetteer names) {
        if (i < 2 || used[i - 1] || !tokens.get(i).capitalised() || !tokens.get(i - 1).capitalised()) {
            return false;
        }
        String previous = norms[i - 1];
        return !lexicon.phrases().containsKey(previous) && names.genre(previous) == null
                && !commonWords.contains(previous);
    }

    /** "cleaning the house" is not house music. */
    private static boolean isHouseholdHouse(String phrase, String before) {
        return phrase.equals("house") && before.matches(".*\\b(?:the|my|our|your|a|his|her|their)$");
    }

    /**
     * A catalog artist is read as named when the words are not everyday words, or when they are capitalised in the
     * middle of a sentence (so "love" is a word but "songs by Love" is the band).
     */
    private boolean acceptName(List<Tokens.Token> tokens, String[] norms, int start, int end) {
        if (!allCommon(norms, start, end)) {
            return true;
        }
        return start > 0 && allCapitalised(tokens, start, end);
    }

    /** A track title is taken when quoted, followed by its artist, or typed in title case mid-sentence. */
    private boolean acceptTitle(List<Tokens.Token> tokens, String[] norms, int start, int end) {
        return start > 0 && allCapitalised(tokens, start, end) && !allCommon(norms, start, end);
    }

    private static boolean followedByItsArtist(Gazetteer.TrackName track, int at, String[] norms) {
        if (at >= norms.length || !norms[at].equals("by")) {
            return false;
        }
        for (int n = Math.min(Gazetteer.MAX_NAME_WORDS, norms.length - at - 1); n >= 1; n--) {
            if (track.artists().contains(join(norms, at + 1, at + 1 + n))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the words after "by" at {@code at} are a catalog artist ("Yellow by Coldplay"). */
    private static boolean followedByArtist(int at, String[] norms, Gazetteer names) {
        for (int n = Math.min(Gazetteer.MAX_NAME_WORDS, norms.length - at - 1); n >= 1; n--) {
            if (names.artist(join(norms, at + 1, at + 1 + n)) != null) {
                return true;
            }
        }
        return false;
    }

    private boolean allCommon(String[] norms, int start, int end) {
        for (int k = start; k < end; k++) {
            if (!commonWords.contains(norms[k]) && !norms[k].matches("\\d+")) {
                return false;
            }
        }
        return true;
    }

    private static boolean allCapitalised(List<Tokens.Token> tokens, int start, int end) {
        for (int k = start; k < end; k++) {
            if (!tokens.get(k).capitalised()) {
                return false;
            }
        }
        return true;
    }

    private static boolean quoted(List<Tokens.Token> tokens, int start, int end) {
        for (int k = start; k < end; k++) {
            if (!tokens.get(k).quoted()) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyUsed(boolean[] used, int start, int end) {
        for (int k = start; k < end; k++) {
            if (used[k]) {
                return true;
            }
        }
        return false;
    }

    private static int mark(boolean[] used, int start, int n) {
        for (int k = start; k < start + n; k++) {
            used[k] = true;
        }
        return n;
    }

    private static String join(String[] norms, int start, int end) {
        return String.join(" ", java.util.Arrays.asList(norms).subList(start, end));
    }

    private static String joinSurface(List<Tokens.Token> tokens, int start, int end) {
        StringBuilder out = new StringBuilder();
        for (int k = start; k < end; k++) {
            out.append(k > start ? " " : "").append(tokens.get(k).surface());
        }
        return out.toString();
    }

    /** Up to four normalised words before token {@code i}. */
    private static String before(String[] norms, int i) {
        return join(norms, Math.max(0, i - 4), i);
    }

    /**
     * The feature ranges the named moods, activities and time of day imply together: where several speak of one
     * feature the ranges are intersected (or averaged when they do not overlap) and the targets averaged.
     */
    private static Map<String, FeatureTarget> targets(Found found) {
        Map<String, List<FeatureTarget>> byFeature = new LinkedHashMap<>();
        for (Lexicon.Term term : found.terms) {
            term.targets().forEach((feature, target) -> byFeature.computeIfAbsent(feature, k -> new ArrayList<>()).add(target));
        }
        Map<String, FeatureTarget> merged = new LinkedHashMap<>();
        byFeature.forEach((feature, ranges) -> {
            double min = ranges.stream().mapToDouble(FeatureTarget::min).max().orElseThrow();
            double max = ranges.stream().mapToDouble(FeatureTarget::max).min().orElseThrow();
            double target = ranges.stream().mapToDouble(FeatureTarget::target).average().orElseThrow();
            if (min > max) {
                min = ranges.stream().mapToDouble(FeatureTarget::min).average().orElseThrow();
                max = ranges.stream().mapToDouble(FeatureTarget::max).average().orElseThrow();
            }
            target = Math.max(min, Math.min(max, target));
            merged.put(feature, new FeatureTarget(round(min), round(max), round(target)));
        });
        return merged;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static List<String> list(Set<String> values) {
        return List.copyOf(values);
    }

    private static Set<String> readWords(String resource) {
        Set<String> words = new HashSet<>();
        try (InputStream in = LocalInterpreter.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("#")) {
                    for (String word : line.trim().split("\\s+")) {
                        if (!word.isEmpty()) {
                            words.add(Tokens.normalizeWord(word));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }
}

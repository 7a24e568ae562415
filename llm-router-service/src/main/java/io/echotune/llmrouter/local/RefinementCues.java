package io.echotune.llmrouter.local;

import io.echotune.llmrouter.Novelty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phrases that change a previous request rather than make a new one: feature nudges ("calmer", "speed it up"),
 * exclusions ("no more", "without", "drop the"), a seed from the previous answer ("more like the second one") and
 * novelty ("something new", "stuff I know"). Nudge sizes: 0.2 on 0-1 features, 15 BPM on tempo, 0.3 on
 * instrumentalness.
 */
public final class RefinementCues {

    private record Nudge(Pattern pattern, String feature, double delta) {
    }

    private static final List<Nudge> NUDGES = List.of(
            nudge("calmer|quieter|softer|mellower|chiller|gentler|tone it down|tone down|less (?:energy|energetic|intense|loud|hype|aggressive)|not so (?:loud|intense|energetic)|too (?:loud|intense|energetic|much energy)|lower (?:the )?energy|more (?:calm|chill|relaxed|mellow)", "energy", -0.2),
            nudge("more (?:energy|energetic|intense|hype|power)|turn up the energy|pump it up|louder|harder|higher energy|bit more energy|not energetic enough|too (?:calm|sleepy|chill)|livelier|more lively", "energy", 0.2),
            nudge("slower|slow it down|slow down|too fast|less fast|lower (?:the )?tempo", "tempo", -15),
            nudge("faster|speed it up|speed up|too slow|quicker|higher tempo|more tempo", "tempo", 15),
            nudge("happier|cheerier|more upbeat|more positive|less sad|not so sad|less depressing|not so depressing|too sad|brighter|more cheerful", "valence", 0.2),
            nudge("sadder|darker|less happy|more melancholic|more melancholy|moodier|too happy|more emotional", "valence", -0.2),
            nudge("more danceable|danceable|more dance|groovier|more groove", "danceability", 0.2),
            nudge("more acoustic|acoustic ones|unplugged", "acousticness", 0.2),
            nudge("less acoustic|more electric", "acousticness", -0.2),
            nudge("instrumental|without lyrics|no lyrics|no vocals|without vocals|less vocals", "instrumentalness", 0.3));

    private static final Pattern EXCLUDE = Pattern.compile("\\b(?:no more|no|not|without|remove|drop|skip|exclude|except|minus"
            + "|get rid of|swap out|cut|ban|less|fewer|stop playing|none of|nothing by|anything but|enough)"
            + "(?: (?:the|any|all|all the|those|these|of|songs by|tracks by|stuff by|music by|by))?\\s*$");
    private static final Pattern ORDINAL = Pattern.compile("\\b(?:the )?(first|second|third|fourth|fifth|sixth|seventh|eighth"
            + "|ninth|tenth|last|final|previous|\\d{1,2}(?:st|nd|rd|th)|number \\d{1,2}|#\\d{1,2}) (?:one|song|track|tune|pick)");
    private static final Map<String, Integer> ORDINALS = Map.ofEntries(Map.entry("first", 1), Map.entry("second", 2),
            Map.entry("third", 3), Map.entry("fourth", 4), Map.entry("fifth", 5), Map.entry("sixth", 6),
            Map.entry("seventh", 7), Map.entry("eighth", 8), Map.entry("ninth", 9), Map.entry("tenth", 10),
            Map.entry("last", -1), Map.entry("final", -1), Map.entry("previous", -1));
    private static final Pattern DISCOVER = Pattern.compile("\\b(?:discover|new artists?|something new|new music|new stuff"
            + "|haven't heard|havent heard|never heard|not heard|obscure|less popular|less known|lesser known|underground"
            + "|hidden gems?|less mainstream|too mainstream|deep cuts|surprise me|bored of my usual|unknown)\\b");
    private static final Pattern FAMILIAR = Pattern.compile("\\b(?:familiar|i know|know better|i already like|favou?rites"
            + "|my usual|songs i love|ones i love|more popular|the hits|classics i)\\b");

    /**
     * More tracks than those shown: "10 more", "some more", "more like the third one", "more of these", "other ones",
     * "another 5". Not "more energy" or "more guitar": those change the sound, not the amount.
     */
    private static final Pattern MORE = Pattern.compile("\\bmore like\\b|\\bmore (?:of (?:these|those|this|that|them|the same)"
            + "|songs?|tracks?|tunes?|ones|music|stuff|please)\\b|(?:\\b(?:\\d{1,3}|one|two|three|four|five|six|seven|eight"
            + "|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|some|a few|few|a couple(?: of)?|couple|any|lots|loads) more\\b)"
            + "|^more$|\\b(?:other|different|new|fresh) (?:ones|songs|tracks)\\b|\\banother (?:\\d{1,3}|few|batch|list|set|round)\\b"
            + "|\\bsomething else\\b");

    private static final Pattern NEGATED = Pattern.compile("\\b(?:less|not|not so|not too|too|way too|no|without|fewer)\\s*$");

    private static Nudge nudge(String phrases, String feature, double delta) {
        return new Nudge(Pattern.compile("\\b(?:" + phrases + ")\\b"), feature, delta);
    }

    /** Feature nudges a normalised message asks for, feature to signed delta. */
    public Map<String, Double> nudges(String norm) {
        Map<String, Double> adjust = new LinkedHashMap<>();
        for (Nudge nudge : NUDGES) {
            if (nudge.pattern().matcher(norm).find()) {
                adjust.merge(nudge.feature(), nudge.delta(), (a, b) -> a);
            }
        }
        return adjust;
    }

    /** Whether the words just before a name (normalised, up to the name) put it out ("no more Coldplay"). */
    public boolean excludes(String before) {
        return EXCLUDE.matcher(before).find();
    }

    /** The 1-based position of the previous answer a message points at (-1 for the last), if any. */
    public Optional<Integer> position(String norm) {
        Matcher m = ORDINAL.matcher(norm);
        if (!m.find()) {
            return Optional.empty();
        }
        String word = m.group(1);
        Integer position = ORDINALS.get(word);
        if (position == null) {
            position = Integer.parseInt(word.replaceAll("\\D", ""));
        }
        return Optional.of(position);
    }

    /** Whether a normalised message asks for more tracks than those already shown. */
    public boolean asksForMore(String norm) {
        return MORE.matcher(norm).find();
    }

    public Optional<Novelty> novelty(String norm) {
        if (DISCOVER.matcher(norm).find()) {
            return Optional.of(Novelty.DISCOVER);
        }
        if (FAMILIAR.matcher(norm).find()) {
            return Optional.of(Novelty.FAMILIAR);
        }
        return Optional.empty();
    }

    /** Whether a mood word is negated or compared down ("less sad", "not so sad", "too sad"): a nudge, not a mood. */
    public boolean negatesMood(String before) {
        return NEGATED.matcher(before).find();
    }
}

package io.echotune.llmrouter.local;

import io.echotune.llmrouter.Intent;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The clear cases of intent, decided by phrasing before the embedding prototypes are asked: asking for help, about
 * one's own listening, to save a playlist, to control playback, judging what was played, greeting, or changing the
 * previous request (which needs a previous request). Checked in that order; the first that fits wins.
 */
final class IntentRules {

    /** What the interpreter already knows about a message when the rules run. */
    record Evidence(String norm, boolean hasContext, boolean describesMusic, boolean namesStyle, boolean namesArtist,
                    boolean namesTrack,
                    boolean refines) {
    }

    private static final Pattern HELP = Pattern.compile("^(?:help|i need help|help me|help please)\\b"
            + "|\\bwhat (?:else )?can (?:you|i) (?:do|ask|say)\\b|\\bwhat are you able\\b|\\bwhat kind of things\\b"
            + "|\\bhow (?:do|can|should|would) i (?!usually )\\w+|\\bhow does (?:this|it|that|the \\w+) work\\b"
            + "|\\bhow (?:do|does) (?:you|this app|this thing) work\\b|\\bhow to\\b|\\bexplain\\b|\\bis there a way\\b"
            + "|\\bcommands?\\b|\\bwhat features\\b|\\bwhat do you do\\b");
    private static final Pattern INSIGHT = Pattern.compile("\\bmy (?:\\w+ )?(?:top|most|favou?rite|listening|stats|statistics"
            + "|history|habits|taste)\\b|\\bmost (?:played|listened|streamed)\\b"
            + "|\\b(?:did|have|do|am) i (?:\\w+ )?(?:listen|listened|listening|play|played|skip|spend|stream|streamed|hear|heard)\\b"
            + "|\\bdo i usually\\b|\\bhow (?:many|much|often)\\b|\\bwhen (?:do|did|was) i\\b|\\bfirst time i\\b"
            + "|\\b(?:stats|statistics|percentage)\\b|\\bwhat did i\\b|\\bwho (?:did|do|have) i\\b"
            + "|\\btaste (?:changed|change)\\b|\\bhas my\\b|\\bby minutes played\\b|\\bmy \\w+ (?:stats|summary)\\b");
    private static final Pattern CREATE = Pattern.compile("\\b(?:make|create|build|put together|start|want|need|turn|put"
            + "|keep|save|new|name|generate|compile|can you do)\\b.*\\bplaylist\\b|\\bplaylist\\b.*\\b(?:called|named)\\b"
            + "|^(?:please )?save\\b|\\bsave (?:that|this|it|these|them|the list|this list)\\b|\\bsave (?:\\w+ )?as\\b"
            + "|\\bkeep (?:these|this|them) as\\b|\\bname this\\b|\\bcall it\\b");
    private static final Pattern PLAYBACK = Pattern.compile("\\b(?:pause|unpause|resume)\\b"
            + "|^(?:skip|next|previous|prev|stop|play|continue|back)(?: (?:this|that|it|the|music|song|track|one|please|now|playing|a bit))*$"
            + "|\\b(?:next|previous|prev|last) (?:track|song)\\b|\\bgo back\\b|\\bvolume\\b|\\bturn (?:it|the volume|the music) (?:up|down)\\b"
            + "|\\bshuffle\\b|\\brepeat\\b|\\bqueue\\b|\\b(?:continue|keep|start) playing\\b|\\bstop (?:the )?(?:music|playing|playback|song)\\b"
            + "|\\bplay (?:it|this|that|them) on\\b|\\bskip (?:this|that|the) (?:song|track|one)\\b"
            + "|\\bplay the (?:first|second|third|fourth|fifth|last|next|previous|\\d+(?:st|nd|rd|th)) (?:one|song|track)\\b"
            + "|\\bplay (?:it|this|that) (?:again|now)\\b");
    private static final Pattern FEEDBACK = Pattern.compile("(?:^|\\bi (?:really |do |also |just )?)(?:love|like|hate|dislike|enjoy|adore)d? (?:this|that|it|these|those|them)\\b"
            + "|\\bi (?:really )?(?:love|like|hate|dislike|enjoy) the (?:\\w+ )?(?:one|song|track|tune|pick)\\b"
            + "|\\b(?:this|that|these|those|the \\w+) (?:one |song |track |tune )?(?:is|was|are|were|sounds?) (?:so |way |really |pretty |just |all |exactly |too )*"
            + "(?:great|amazing|terrible|awful|perfect|boring|bad|good|annoying|loud|bland|trash|garbage|meh|fire|brilliant"
            + "|lovely|beautiful|horrible|mid|exactly what|not|too|what i)"
            + "|^(?:love it|meh|nope|dislike|like|boo|yuck|wow|nice|great|awesome|perfect|amazing|brilliant|not bad|so good)\\b(?! (?:to|for|some|songs|music|tracks))"
            + "|\\bnot (?:a fan|my style|my thing|for me|my taste|my cup of tea)\\b|\\btoo mainstream\\b|\\btoo many times\\b"
            + "|\\bheard (?:these|them|this|those)\\b|\\balready know\\b|\\b(?:great|nice|good|cool|super nice|awesome) (?:picks?|choices?|selection|list|job)\\b"
            + "|\\bi (?:don't|dont|do not|didn't|didnt) (?:like|love|enjoy|want to hear)\\b|\\bslaps\\b|\\bbangers?\\b(?= ?$)"
            + "|\\bexactly what i (?:wanted|needed)\\b|\\bperfect for\\b|\\bthumbs (?:up|down)\\b|\\bdidn't like any\\b");
    private static final Pattern SMALLTALK = Pattern.compile("^(?:hi|hello|hey|yo|hiya|howdy|good (?:morning|night|evening|afternoon)"
            + "|bye|goodbye|see you|see ya|thanks|thank you|thx|cheers|ok|okay|lol|haha|cool|sup|morning|night)\\b"
            + "|\\bhow are you\\b|\\bhow's it going\\b|\\bhows it going\\b|\\btell me a joke\\b|\\bwho (?:made|built|created) you\\b"
            + "|\\bare you (?:a|an|human|real|there|ok)\\b|\\byou(?:'re| are) (?:\\w+ )?(?:awesome|funny|great|cool|smart|the best|nice|helpful)\\b"
            + "|\\bweather\\b|\\bwhat(?:'s| is) your (?:name|favou?rite)\\b|\\bwhat's up\\b");
    private static final Pattern REFINE = Pattern.compile("^(?:only|just|but|and|also|now|actually|instead|ok|okay)\\b"
            + "|\\badd (?:some|a few|more|a bit of|in)?\\b|\\binstead\\b|\\bmake (?:it|them|this|that|these)\\b"
            + "|\\bchange (?:it|them|that)\\b|\\b(?:more|less|fewer) (?:like|of)\\b|\\bkeep the\\b|\\b\\w+ more\\b$"
            + "|^(?:more|less|fewer|no more|without|remove|drop|swap|get rid)\\b|\\btoo \\w+\\b|\\w+er(?: please| pls)?$"
            + "|\\bsimilar to the\\b|\\blike the (?:first|second|third|fourth|fifth|last)\\b");
    private static final Pattern MUSIC_WORDS = Pattern.compile("\\b(?:play|recommend|suggest|songs?|music|tracks?|tunes?"
            + "|listen|something|give me|find me|put on|playlist|mix|artists?|bands?|albums?|beats)\\b");

    Optional<Intent> decide(Evidence e) {
        String t = e.norm();
        if (HELP.matcher(t).find()) {
            return Optional.of(Intent.HELP);
        }
        if (INSIGHT.matcher(t).find()) {
            return Optional.of(Intent.INSIGHT);
        }
        if (CREATE.matcher(t).find()) {
            return Optional.of(Intent.CREATE_PLAYLIST);
        }
        if (PLAYBACK.matcher(t).find() || (t.startsWith("play ") && e.namesTrack() && !e.describesMusic())
                || (t.startsWith("queue ") && e.namesTrack())) {
            return Optional.of(Intent.PLAYBACK);
        }
        if (FEEDBACK.matcher(t).find()) {
            return Optional.of(Intent.FEEDBACK);
        }
        if (SMALLTALK.matcher(t).find() && !e.namesStyle() && !e.namesArtist() && t.split(" ").length <= 8) {
            return Optional.of(Intent.SMALLTALK);
        }
        if (e.hasContext() && (e.refines() || REFINE.matcher(t).find())) {
            return Optional.of(Intent.REFINE);
        }
        if (e.describesMusic() || e.namesArtist() || MUSIC_WORDS.matcher(t).find()) {
            return Optional.of(Intent.RECOMMEND);
        }
        return Optional.empty();
    }
}

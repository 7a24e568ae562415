package io.echotune.llmrouter.local;

import java.util.Set;

/**
 * Puts common misspellings of the words the interpreter relies on back in shape ("reccomend", "plalyist",
 * "somthing"): a word it does not know is replaced by the one keyword within one edit (two for words of eight
 * letters or more; a swap of neighbours counts as one edit). Short words and words it knows are left alone.
 */
final class TypoCorrector {

    private final Set<String> known;
    private final Set<String> keywords;

    TypoCorrector(Set<String> known, Set<String> keywords) {
        this.known = Set.copyOf(known);
        this.keywords = Set.copyOf(keywords);
    }

    /** The keyword {@code word} was meant to be, or {@code word} itself. */
    String correct(String word) {
        if (word.length() < 4 || known.contains(word) || !word.chars().allMatch(Character::isLetter)) {
            return word;
        }
        int allowed = word.length() >= 8 ? 2 : 1;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String keyword : keywords) {
            // People rarely get the first letter wrong; requiring it keeps real words from being "corrected".
            if (Math.abs(keyword.length() - word.length()) > allowed || keyword.charAt(0) != word.charAt(0)) {
                continue;
            }
            int d = distance(word, keyword, allowed);
            if (d < bestDistance) {
                best = keyword;
                bestDistance = d;
                tie = false;
            } else if (d == bestDistance) {
                tie = true;
            }
        }
        return best != null && bestDistance <= allowed && !tie ? best : word;
    }

    /** Optimal string alignment distance, giving up (returning limit + 1) once it exceeds {@code limit}. */
    static int distance(String a, String b, int limit) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
                rowMin = Math.min(rowMin, d[i][j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
        }
        return d[a.length()][b.length()];
    }
}

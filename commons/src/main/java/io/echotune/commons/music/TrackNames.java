package io.echotune.commons.music;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one normalisation of artist and track names, used for the name-based track key, the cross-format play key
 * and (later) catalog matching: Unicode compatibility decomposition, accents dropped, lower-case, runs of
 * whitespace collapsed to one space, trimmed. "Beyoncé  " and "BEYONCE" normalise alike.
 */
public final class TrackNames {

    private TrackNames() {
    }

    public static String normalise(String name) {
        if (name == null) {
            return null;
        }
        String s = name;
        if (!isPlainAscii(s)) {
            s = Normalizer.normalize(s, Normalizer.Form.NFKD);
        }
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK) {
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(c);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** The name-based track key of records without a URI. */
    public static String nameKey(String artist, String title) {
        return "name:" + normalise(artist) + "|" + normalise(title);
    }

    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}

package io.echotune.commons.music.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Python list literals some catalogs hold in one CSV field: {@code ['indie folk', "children's music"]}.
 * A value that is not a list literal is one item, also when it is in brackets without quotes ({@code [Alexandros]},
 * a band name).
 */
final class PythonLists {

    private PythonLists() {
    }

    static List<String> parse(String raw) {
        List<String> items = new ArrayList<>();
        if (raw == null || raw.isBlank()) {
            return items;
        }
        String value = raw.strip();
        String inner = value.length() >= 2 ? value.substring(1, value.length() - 1).strip() : "";
        // "[Alexandros]" and "[:SITD:]" are artist names, not lists: a list literal is empty or holds quoted items
        boolean listLiteral = value.startsWith("[") && value.endsWith("]")
                && (inner.isEmpty() || inner.charAt(0) == '\'' || inner.charAt(0) == '"');
        if (!listLiteral) {
            items.add(value);
            return items;
        }
        int i = 1;
        int end = value.length() - 1;
        while (i < end) {
            char c = value.charAt(i);
            if (c == '\'' || c == '"') {
                StringBuilder item = new StringBuilder();
                int j = i + 1;
                while (j < end && value.charAt(j) != c) {
                    if (value.charAt(j) == '\\' && j + 1 < end) {
                        j++;
                    }
                    item.append(value.charAt(j));
                    j++;
                }
                if (!item.isEmpty()) {
                    items.add(item.toString());
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return items;
    }
}

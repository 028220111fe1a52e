package org.shuyu.jobs.engine.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits a Spark multi-part identifier ({@code db.t}, {@code `my db`.`t.x`}) into lower-cased parts. */
final class TableNames {
    private TableNames() {
    }

    /** The parts, or an empty list when the identifier is malformed (unbalanced quotes, empty parts). */
    static List<String> parts(String identifier) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean partWasQuoted = false;
        String text = identifier == null ? "" : identifier.trim();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '`') {
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '`') {
                    current.append('`');
                    i++;
                } else {
                    quoted = !quoted;
                    partWasQuoted = true;
                }
            } else if (c == '.' && !quoted) {
                if (!add(parts, current, partWasQuoted)) {
                    return List.of();
                }
                current.setLength(0);
                partWasQuoted = false;
            } else {
                current.append(c);
            }
        }
        if (quoted || !add(parts, current, partWasQuoted)) {
            return List.of();
        }
        return List.copyOf(parts);
    }

    private static boolean add(List<String> parts, StringBuilder current, boolean quoted) {
        String part = quoted ? current.toString() : current.toString().trim();
        if (part.isEmpty()) {
            return false;
        }
        parts.add(part.toLowerCase(Locale.ROOT));
        return true;
    }
}

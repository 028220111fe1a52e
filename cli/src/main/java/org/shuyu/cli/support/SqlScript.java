package org.shuyu.cli.support;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL text split into statements at {@code ;}, except inside quotes ({@code '...'}, {@code "..."}, {@code `...`},
 * with doubled quotes and backslash escapes) and comments ({@code -- ...}, {@code /* ... *}{@code /}), so a
 * semicolon in a string literal does not end a statement. Used by {@code shuyu sql} for {@code -e}, {@code -f} and
 * the REPL's multi-line input (a statement ends with a line whose last character outside quotes is {@code ;}).
 */
public final class SqlScript {
    private SqlScript() {}

    /** The statements of {@code text}, trimmed, without their {@code ;}; blank and comment-only ones dropped. */
    public static List<String> split(String text) {
        List<String> statements = new ArrayList<>();
        Scan scan = scan(text);
        int start = 0;
        for (int end : scan.semicolons) {
            add(statements, text.substring(start, end));
            start = end + 1;
        }
        add(statements, text.substring(start));
        return statements;
    }

    /** Whether {@code text} ends a statement: its last character outside comments and quotes is {@code ;}. */
    public static boolean complete(String text) {
        Scan scan = scan(text);
        return !scan.semicolons.isEmpty() && scan.lastCode == scan.semicolons.get(scan.semicolons.size() - 1);
    }

    private static void add(List<String> statements, String part) {
        String trimmed = part.strip();
        if (!trimmed.isEmpty() && !onlyComments(trimmed)) {
            statements.add(trimmed);
        }
    }

    private static boolean onlyComments(String text) {
        return scan(text).lastCode < 0;
    }

    private static final class Scan {
        final List<Integer> semicolons = new ArrayList<>();
        /** Index of the last character that is code (not blank, not comment), -1 if none. */
        int lastCode = -1;
    }

    private static Scan scan(String text) {
        Scan scan = new Scan();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                int eol = text.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
                continue;
            }
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int close = text.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                int j = i + 1;
                while (j < n) {
                    char d = text.charAt(j);
                    if (d == '\\' && c != '`' && j + 1 < n) {
                        j += 2;
                        continue;
                    }
                    if (d == c) {
                        if (j + 1 < n && text.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                scan.lastCode = Math.min(j, n - 1);
                i = j + 1;
                continue;
            }
            if (c == ';') {
                scan.semicolons.add(i);
            }
            if (!Character.isWhitespace(c)) {
                scan.lastCode = i;
            }
            i++;
        }
        return scan;
    }
}

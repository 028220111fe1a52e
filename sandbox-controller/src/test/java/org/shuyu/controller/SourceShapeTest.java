package org.shuyu.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two habits of the house style that ArchUnit cannot see in byte code (issue 15): classes stay a screen or two long,
 * and code names classes by their simple name with an import, not by a fully qualified name written inline.
 */
class SourceShapeTest {
    static final Path MAIN = Path.of("src/main/java");
    /** About 300 lines: a class above this needs a reason at its top. */
    static final int MAX_LINES = 320;
    /** The words that introduce the reason, in the class's first comment. */
    static final String REASON = "Why this class is long:";
    private static final Pattern QUALIFIED =
            Pattern.compile("(?<![\\w.@])((?:java|javax|jakarta|org|com|io|tools)(?:\\.[a-z][a-z0-9_]*)+)\\.([A-Z]\\w*)");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\.(\\w+|\\*);");
    private static final Pattern TYPE_DECLARATION =
            Pattern.compile("\\b(?:class|interface|enum|record|@interface)\\s+([A-Z]\\w*)");

    @Test
    void everyClassIsAScreenOrTwoOrSaysWhyNot() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : sources()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() > MAX_LINES && lines.stream().limit(60).noneMatch(l -> l.contains(REASON))) {
                tooLong.add(MAIN.relativize(file) + " (" + lines.size() + " lines)");
            }
        }
        assertThat(tooLong)
                .as("classes over %d lines must be split by responsibility, or say '%s ...' in their first comment",
                        MAX_LINES, REASON)
                .isEmpty();
    }

    @Test
    void codeUsesImportsNotInlineQualifiedNames() throws IOException {
        List<String> inline = new ArrayList<>();
        for (Path file : sources()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Set<String> imported = new HashSet<>();
            Set<String> declared = new HashSet<>();
            for (String line : lines) {
                Matcher m = IMPORT.matcher(line);
                if (m.find()) {
                    imported.add(m.group(2));
                }
                Matcher d = TYPE_DECLARATION.matcher(withoutStringsAndComments(line));
                while (d.find()) {
                    declared.add(d.group(1));
                }
            }
            boolean inBlockComment = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (inBlockComment) {
                    if (line.contains("*/")) {
                        inBlockComment = false;
                        line = line.substring(line.indexOf("*/") + 2);
                    } else {
                        continue;
                    }
                }
                if (line.startsWith("import ") || line.startsWith("package ")) {
                    continue;
                }
                if (line.startsWith("/*") && !line.contains("*/")) {
                    inBlockComment = true;
                    continue;
                }
                Matcher m = QUALIFIED.matcher(withoutStringsAndComments(line));
                while (m.find()) {
                    String simple = m.group(2);
                    // A qualified name is needed when the simple name is taken by an import or a type of this file.
                    if (!imported.contains(simple) && !declared.contains(simple)) {
                        inline.add(MAIN.relativize(file) + ":" + (i + 1) + " " + m.group(1) + "." + simple);
                    }
                }
            }
        }
        assertThat(inline).as("import these classes instead of naming them inline").isEmpty();
    }

    private static String withoutStringsAndComments(String line) {
        String s = line.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("'(?:\\\\.|[^'\\\\])'", "''");
        int comment = s.indexOf("//");
        if (comment >= 0) {
            s = s.substring(0, comment);
        }
        return s.replaceAll("/\\*.*?\\*/", "");
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }
}

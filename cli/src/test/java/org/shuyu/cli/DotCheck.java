package org.shuyu.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A small reader of the DOT the CLI prints, strict enough to catch what would break Graphviz: unbalanced braces or
 * brackets, an unterminated or badly escaped quoted string, a statement outside the graph, an edge to an undeclared
 * node. Tokens: quoted strings (with {@code \"} and {@code \\} escapes), identifiers, {@code -> { } [ ] = ; ,}.
 */
public final class DotCheck {
    public record Graph(Set<String> nodes, List<List<String>> edges, List<String> edgeLabels) {}

    private DotCheck() {}

    public static Graph parse(String dot) {
        List<String> tokens = tokens(dot);
        int depth = 0;
        int brackets = 0;
        for (String t : tokens) {
            switch (t) {
                case "{" -> depth++;
                case "}" -> {
                    depth--;
                    if (depth < 0) {
                        throw new AssertionError("unbalanced }");
                    }
                }
                case "[" -> brackets++;
                case "]" -> brackets--;
                default -> { }
            }
            if (brackets < 0) {
                throw new AssertionError("unbalanced ]");
            }
        }
        if (depth != 0 || brackets != 0) {
            throw new AssertionError("unbalanced braces or brackets: " + depth + " " + brackets);
        }
        if (tokens.size() < 4 || !tokens.get(0).equals("digraph") || !tokens.get(2).equals("{")
                || !tokens.get(tokens.size() - 1).equals("}")) {
            throw new AssertionError("not 'digraph NAME { ... }': " + tokens.subList(0, Math.min(4, tokens.size())));
        }
        Set<String> nodes = new LinkedHashSet<>();
        List<List<String>> edges = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        // statements between the outer braces, split at ';'
        List<List<String>> statements = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String t : tokens.subList(3, tokens.size() - 1)) {
            if (t.equals(";")) {
                statements.add(current);
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        if (!current.isEmpty()) {
            throw new AssertionError("statement without ';': " + current);
        }
        for (List<String> s : statements) {
            if (s.size() >= 3 && s.get(1).equals("->")) {
                edges.add(List.of(unquote(s.get(0)), unquote(s.get(2))));
                labels.add(attribute(s, "label"));
            } else if (s.size() >= 1 && s.get(0).startsWith("\"")) {
                nodes.add(unquote(s.get(0)));
            } else if (!(s.size() >= 1 && List.of("node", "edge", "graph", "rankdir", "label").contains(s.get(0)))) {
                throw new AssertionError("unexpected statement " + s);
            }
        }
        for (List<String> e : edges) {
            if (!nodes.containsAll(e)) {
                throw new AssertionError("edge " + e + " names an undeclared node; declared: " + nodes);
            }
        }
        return new Graph(nodes, edges, labels);
    }

    private static String attribute(List<String> statement, String name) {
        for (int i = 0; i + 2 < statement.size(); i++) {
            if (statement.get(i).equals(name) && statement.get(i + 1).equals("=")) {
                return unquote(statement.get(i + 2));
            }
        }
        return "";
    }

    static String unquote(String token) {
        if (!token.startsWith("\"")) {
            return token;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < token.length() - 1; i++) {
            char c = token.charAt(i);
            if (c == '\\') {
                char next = token.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static List<String> tokens(String dot) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < dot.length()) {
            char c = dot.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int j = i + 1;
                while (true) {
                    if (j >= dot.length()) {
                        throw new AssertionError("unterminated string at " + i);
                    }
                    char d = dot.charAt(j);
                    if (d == '\\') {
                        if (j + 1 >= dot.length() || "\"\\nlr".indexOf(dot.charAt(j + 1)) < 0) {
                            throw new AssertionError("bad escape at " + j);
                        }
                        j += 2;
                    } else if (d == '"') {
                        break;
                    } else if (d == '\n') {
                        throw new AssertionError("raw line break inside a string at " + j);
                    } else {
                        j++;
                    }
                }
                tokens.add(dot.substring(i, j + 1));
                i = j + 1;
            } else if (dot.startsWith("->", i)) {
                tokens.add("->");
                i += 2;
            } else if ("{}[]=;,".indexOf(c) >= 0) {
                tokens.add(String.valueOf(c));
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                int j = i;
                while (j < dot.length() && (Character.isLetterOrDigit(dot.charAt(j)) || dot.charAt(j) == '_'
                        || dot.charAt(j) == '.')) {
                    j++;
                }
                tokens.add(dot.substring(i, j));
                i = j;
            } else {
                throw new AssertionError("unexpected character '" + c + "' at " + i);
            }
        }
        return tokens;
    }
}

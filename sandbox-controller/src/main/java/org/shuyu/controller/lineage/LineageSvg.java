package org.shuyu.controller.lineage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a lineage answer as a standalone SVG document a supervisor can open in any browser: one column per
 * depth (upstream to the left of the start, downstream to the right), one box per dataset or column with its
 * kind, sensitivity and quarantine, and one curve per edge, coloured and labelled by transformation kind. Pure
 * text output with every value XML-escaped; no scripts, no external references.
 */
public final class LineageSvg {
    /** The most nodes drawn; a larger answer is drawn up to here with a note that it was cut. */
    public static final int MAX_NODES = 600;

    private static final int BOX_W = 260;
    private static final int BOX_H = 46;
    private static final int COL_GAP = 120;
    private static final int ROW_GAP = 18;
    private static final int MARGIN = 40;
    private static final int HEADER = 70;

    /** A node to draw: {@code depth} is negative upstream, 0 for the start, positive downstream. */
    public record Node(String id, String label, String detail, int depth, boolean start, boolean quarantined,
            boolean sensitive) {
        public Node {
            requireNonNull(id, "id is null");
            requireNonNull(label, "label is null");
            requireNonNull(detail, "detail is null");
        }
    }

    /** An edge to draw, from {@code source} to {@code target} (node ids). */
    public record Edge(String source, String target, String kind, String process) {
        public Edge {
            requireNonNull(source, "source is null");
            requireNonNull(target, "target is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(process, "process is null");
        }
    }

    private LineageSvg() {}

    public static String render(String title, List<Node> nodes, List<Edge> edges, boolean truncated) {
        requireNonNull(title, "title is null");
        List<Node> drawn = nodes.stream()
                .sorted(Comparator.comparingInt((Node n) -> Math.abs(n.depth())).thenComparing(Node::label))
                .limit(MAX_NODES).toList();
        boolean cut = truncated || drawn.size() < nodes.size();
        Map<Integer, List<Node>> columns = new TreeMap<>();
        for (Node node : drawn) {
            columns.computeIfAbsent(node.depth(), d -> new ArrayList<>()).add(node);
        }
        columns.values().forEach(list -> list.sort(Comparator.comparing(Node::label)));
        int minDepth = columns.isEmpty() ? 0 : ((TreeMap<Integer, List<Node>>) columns).firstKey();
        int tallest = columns.values().stream().mapToInt(List::size).max().orElse(1);
        Map<String, int[]> position = new HashMap<>();
        for (Map.Entry<Integer, List<Node>> column : columns.entrySet()) {
            int x = MARGIN + (column.getKey() - minDepth) * (BOX_W + COL_GAP);
            int y = HEADER;
            for (Node node : column.getValue()) {
                position.put(node.id(), new int[] {x, y});
                y += BOX_H + ROW_GAP;
            }
        }
        int width = Math.max(600, 2 * MARGIN + columns.size() * (BOX_W + COL_GAP) - COL_GAP);
        int height = HEADER + tallest * (BOX_H + ROW_GAP) + MARGIN;

        StringBuilder svg = new StringBuilder(4096 + drawn.size() * 400);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<title>").append(escape(title)).append("</title>\n");
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/>"
                + "</marker></defs>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        svg.append("<text x=\"").append(MARGIN).append("\" y=\"28\" font-size=\"16\" font-weight=\"bold\">")
                .append(escape(title)).append("</text>\n");
        svg.append("<text x=\"").append(MARGIN).append("\" y=\"50\" fill=\"#555\">")
                .append(drawn.size()).append(" node(s), ").append(edges.size()).append(" edge(s)")
                .append(cut ? "; the answer was cut, narrow the query to see the rest" : "")
                .append(". Red border: quarantined. Orange fill: inherits a sensitive classification.</text>\n");

        svg.append("<g class=\"edges\" fill=\"none\">\n");
        for (Edge edge : edges) {
            int[] from = position.get(edge.source());
            int[] to = position.get(edge.target());
            if (from == null || to == null) {
                continue;
            }
            String colour = colour(edge.kind());
            int x1 = from[0] + BOX_W;
            int y1 = from[1] + BOX_H / 2;
            int x2 = to[0];
            int y2 = to[1] + BOX_H / 2;
            String d;
            if (x2 > x1) {
                int mid = (x1 + x2) / 2;
                d = "M " + x1 + " " + y1 + " C " + mid + " " + y1 + ", " + mid + " " + y2 + ", " + x2 + " " + y2;
            } else { // same column (a table written from itself) or backwards: loop around the right side
                int out = Math.max(x1, to[0] + BOX_W) + 40;
                d = "M " + x1 + " " + y1 + " C " + out + " " + y1 + ", " + out + " " + y2 + ", " + (to[0] + BOX_W)
                        + " " + y2;
            }
            svg.append("<path d=\"").append(d).append("\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\"")
                    .append(edge.kind().equals("FILTER") || edge.kind().equals("JOIN") || edge.kind().equals("GROUP_BY")
                            || edge.kind().equals("WINDOW") || edge.kind().equals("SORT")
                            || edge.kind().equals("CONDITIONAL")
                            ? " stroke-dasharray=\"5 4\"" : "")
                    .append(" marker-end=\"url(#arrow)\"><title>").append(escape(edge.kind() + " by " + edge.process()))
                    .append("</title></path>\n");
        }
        svg.append("</g>\n<g class=\"nodes\">\n");
        for (Node node : drawn) {
            int[] p = position.get(node.id());
            String fill = node.start() ? "#dbeafe" : node.sensitive() ? "#ffedd5" : "#f8fafc";
            String stroke = node.quarantined() ? "#dc2626" : node.start() ? "#1d4ed8" : "#64748b";
            svg.append("<g><title>").append(escape(node.id() + (node.quarantined() ? " (quarantined)" : "")))
                    .append("</title><rect x=\"").append(p[0]).append("\" y=\"").append(p[1]).append("\" width=\"")
                    .append(BOX_W).append("\" height=\"").append(BOX_H).append("\" rx=\"6\" fill=\"").append(fill)
                    .append("\" stroke=\"").append(stroke).append("\" stroke-width=\"")
                    .append(node.quarantined() || node.start() ? 2.5 : 1).append("\"/>");
            svg.append("<text x=\"").append(p[0] + 8).append("\" y=\"").append(p[1] + 19)
                    .append("\" font-weight=\"bold\">").append(escape(fit(node.label(), 36))).append("</text>");
            svg.append("<text x=\"").append(p[0] + 8).append("\" y=\"").append(p[1] + 36).append("\" fill=\"#475569\">")
                    .append(escape(fit(node.detail(), 40))).append("</text></g>\n");
        }
        svg.append("</g>\n<g class=\"legend\" font-size=\"11\">\n");
        int lx = width - MARGIN - 5 * 95;
        int i = 0;
        for (String kind : List.of("IDENTITY", "TRANSFORMATION", "AGGREGATION", "MASKED", "INDIRECT")) {
            int x = lx + i++ * 95;
            svg.append("<line x1=\"").append(x).append("\" y1=\"45\" x2=\"").append(x + 20).append("\" y2=\"45\" stroke=\"")
                    .append(colour(kind)).append("\" stroke-width=\"2\"")
                    .append(kind.equals("INDIRECT") ? " stroke-dasharray=\"5 4\"" : "").append("/><text x=\"")
                    .append(x + 24).append("\" y=\"49\">").append(kind.toLowerCase(Locale.ROOT)).append("</text>\n");
        }
        svg.append("</g>\n</svg>\n");
        return svg.toString();
    }

    private static String colour(String kind) {
        return switch (kind) {
            case "IDENTITY" -> "#dc2626";
            case "TRANSFORMATION" -> "#ea580c";
            case "AGGREGATION" -> "#16a34a";
            case "MASKED" -> "#2563eb";
            default -> "#94a3b8";
        };
    }

    private static String fit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        out.append('\uFFFD'); // not allowed in XML 1.0
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

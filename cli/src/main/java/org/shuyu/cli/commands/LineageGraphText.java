package org.shuyu.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API's lineage answer ({@code GET /api/v1/lineage}: start, direction, datasets or columns, edges with a
 * process id and a transformation kind, processes with job, grant, workspace and user) drawn as text: a tree
 * (dataset, then the job that connects it, then the next datasets) or a Graphviz DOT graph. Reads the JSON only, so
 * the Java type of the answer does not matter.
 */
final class LineageGraphText {
    private final JsonNode graph;
    private final boolean upstream;
    private final Map<String, JsonNode> nodes = new LinkedHashMap<>();
    private final Map<String, JsonNode> processes = new LinkedHashMap<>();
    private final List<JsonNode> edges;

    LineageGraphText(JsonNode graph) {
        this.graph = graph;
        this.upstream = "UPSTREAM".equalsIgnoreCase(DataSupport.text(graph, "direction"));
        boolean columnLevel = "column".equalsIgnoreCase(DataSupport.text(graph, "level"));
        if (columnLevel) {
            for (JsonNode c : DataSupport.elements(graph.get("columns"))) {
                nodes.put(DataSupport.text(c, "id"), c);
            }
        } else {
            for (JsonNode d : DataSupport.elements(graph.get("datasets"))) {
                nodes.put(DataSupport.text(d, "name"), d);
            }
        }
        for (JsonNode p : DataSupport.elements(graph.get("processes"))) {
            processes.put(DataSupport.text(p, "id"), p);
        }
        this.edges = DataSupport.elements(graph.get("edges"));
    }

    // ------------------------------------------------------------------------------------------- tree

    /**
     * The tree from the start: each node, under it the jobs (processes) that connect it to the next nodes in the
     * walk's direction, under each job those nodes with the transformation kind of the edge. A node reached again is
     * shown once, later as "(shown above)".
     */
    String tree() {
        StringBuilder out = new StringBuilder();
        String start = DataSupport.text(graph, "start");
        out.append(nodeLabel(start)).append('\n');
        Set<String> expanded = new HashSet<>();
        expanded.add(start);
        children(start, "", expanded, out);
        if (edges.isEmpty()) {
            out.append(upstream ? "(no upstream lineage)" : "(no downstream lineage)").append('\n');
        }
        if (graph.path("truncated").asBoolean(false)) {
            out.append("(truncated: the graph has more nodes than the server returns)").append('\n');
        }
        return out.toString();
    }

    private void children(String node, String indent, Set<String> expanded, StringBuilder out) {
        Map<String, List<JsonNode>> byProcess = new LinkedHashMap<>();
        for (JsonNode e : edges) {
            String here = DataSupport.text(e, upstream ? "target" : "source");
            if (node.equals(here)) {
                byProcess.computeIfAbsent(String.valueOf(DataSupport.text(e, "process")), p -> new ArrayList<>()).add(e);
            }
        }
        List<String> keys = new ArrayList<>(byProcess.keySet());
        for (int i = 0; i < keys.size(); i++) {
            boolean lastProcess = i == keys.size() - 1;
            out.append(indent).append(lastProcess ? "└── " : "├── ").append(processLabel(keys.get(i))).append('\n');
            String inner = indent + (lastProcess ? "    " : "│   ");
            List<JsonNode> group = byProcess.get(keys.get(i));
            for (int j = 0; j < group.size(); j++) {
                boolean last = j == group.size() - 1;
                JsonNode edge = group.get(j);
                String next = DataSupport.text(edge, upstream ? "source" : "target");
                String kind = DataSupport.text(edge, "kind");
                boolean again = !expanded.add(next);
                out.append(inner).append(last ? "└── " : "├── ").append(nodeLabel(next))
                        .append("  <").append(kind == null ? "INDIRECT" : kind).append('>')
                        .append(again ? "  (shown above)" : "").append('\n');
                if (!again) {
                    children(next, inner + (last ? "    " : "│   "), expanded, out);
                }
            }
        }
    }

    /** A dataset: name [KIND, workspace W, quarantined, dropped]; a column: id [CLASSIFICATION grade N]. */
    String nodeLabel(String id) {
        String facts = nodeFacts(id);
        return facts == null ? id : id + " [" + facts + "]";
    }

    /** What is known of a node besides its id, or null. */
    private String nodeFacts(String id) {
        JsonNode n = nodes.get(id);
        if (n == null) {
            return null;
        }
        List<String> facts = new ArrayList<>();
        if (n.has("kind")) {
            facts.add(DataSupport.text(n, "kind"));
            String workspace = DataSupport.text(n, "workspace") != null ? DataSupport.text(n, "workspace")
                    : DataSupport.text(n, "workspaceId");
            if (workspace != null) {
                facts.add("workspace " + workspace);
            }
        } else {
            String classification = DataSupport.text(n, "classification");
            if (classification != null) {
                facts.add(classification + " grade " + DataSupport.text(n, "grade")
                        + (DataSupport.text(n, "sensitivityOrigin") != null
                                ? " (" + DataSupport.text(n, "sensitivityOrigin").toLowerCase(java.util.Locale.ROOT) + ")" : ""));
            } else {
                facts.add("not sensitive");
            }
            if (n.has("present") && !n.path("present").asBoolean(true)) {
                facts.add("no longer present");
            }
        }
        if (n.path("quarantined").asBoolean(false)) {
            facts.add("QUARANTINED");
        }
        if (n.path("dropped").asBoolean(false)) {
            facts.add("dropped");
        }
        return String.join(", ", facts);
    }

    /** A process: job J step N (STATEMENT) by USER, grant G (or workspace W), STATE. */
    String processLabel(String processId) {
        JsonNode p = processes.get(processId);
        if (p == null) {
            return "process " + processId;
        }
        StringBuilder label = new StringBuilder("job ").append(DataSupport.text(p, "jobId"));
        if (p.has("step")) {
            label.append(" step ").append(p.get("step").asText());
        }
        if (DataSupport.text(p, "statement") != null) {
            label.append(" (").append(DataSupport.text(p, "statement")).append(')');
        }
        if (DataSupport.text(p, "user") != null) {
            label.append(" by ").append(DataSupport.text(p, "user"));
        }
        if (DataSupport.text(p, "grant") != null) {
            label.append(", grant ").append(DataSupport.text(p, "grant"));
        } else if (DataSupport.text(p, "workspace") != null) {
            label.append(", workspace ").append(DataSupport.text(p, "workspace"));
        }
        if (DataSupport.text(p, "state") != null) {
            label.append(", ").append(DataSupport.text(p, "state"));
        }
        return label.toString();
    }

    // ------------------------------------------------------------------------------------------- DOT

    /**
     * A Graphviz digraph: every node (dataset or column) declared with its label, every edge in the direction data
     * flowed (source to target) labelled with its job, step, kind, person and grant. Ids and labels are quoted and
     * escaped, so any name is valid DOT.
     */
    String dot() {
        StringBuilder out = new StringBuilder();
        String start = DataSupport.text(graph, "start");
        out.append("digraph lineage {\n");
        out.append("  rankdir=LR;\n");
        out.append("  label=").append(quote((upstream ? "upstream" : "downstream") + " lineage of " + start)).append(";\n");
        out.append("  node [shape=box, fontname=\"Helvetica\"];\n");
        out.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        Set<String> declared = new java.util.LinkedHashSet<>(nodes.keySet());
        declared.add(start);
        for (JsonNode e : edges) {
            declared.add(DataSupport.text(e, "source"));
            declared.add(DataSupport.text(e, "target"));
        }
        for (String id : declared) {
            String facts = nodeFacts(id);
            out.append("  ").append(quote(id)).append(" [label=").append(quote(facts == null ? id : id + "\n" + facts));
            if (id.equals(start)) {
                out.append(", style=bold");
            }
            if (nodes.containsKey(id) && nodes.get(id).path("quarantined").asBoolean(false)) {
                out.append(", color=red");
            }
            out.append("];\n");
        }
        for (JsonNode e : edges) {
            String kind = DataSupport.text(e, "kind");
            String label = processLabel(String.valueOf(DataSupport.text(e, "process"))) + "\n"
                    + (kind == null ? "INDIRECT" : kind);
            out.append("  ").append(quote(DataSupport.text(e, "source"))).append(" -> ")
                    .append(quote(DataSupport.text(e, "target"))).append(" [label=").append(quote(label)).append("];\n");
        }
        out.append("}\n");
        return out.toString();
    }

    /** A DOT double-quoted string: backslashes and quotes escaped, line breaks as {@code \n}. */
    static String quote(String text) {
        String value = text == null ? "" : text;
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> { }
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}

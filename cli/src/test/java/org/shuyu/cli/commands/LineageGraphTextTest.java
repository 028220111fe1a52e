package org.shuyu.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.cli.DotCheck;

/** The lineage tree and DOT drawn from the API's JSON, on shapes a small real graph does not have. */
@Tag("R-24c")
class LineageGraphTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** a diamond: src -> t1 -> out, src -> t2 -> out; a name with a quote and a backslash. */
    private static JsonNode diamond(String direction, String start) throws Exception {
        return JSON.readTree("""
                {"start": "%s", "direction": "%s", "level": "dataset", "truncated": false,
                 "datasets": [
                   {"name": "reg.src", "kind": "SOURCE", "workspace": null, "depth": 2, "quarantined": false, "dropped": false},
                   {"name": "ws.t1", "kind": "TABLE", "workspace": "lab-1", "depth": 1, "quarantined": true, "dropped": false},
                   {"name": "ws.t\\"2\\\\x", "kind": "TABLE", "workspace": "lab-1", "depth": 1, "quarantined": false, "dropped": false},
                   {"name": "ws.out", "kind": "TABLE", "workspace": "lab-1", "depth": 0, "quarantined": false, "dropped": false}],
                 "edges": [
                   {"source": "reg.src", "target": "ws.t1", "kind": "IDENTITY", "process": "j-1#1"},
                   {"source": "reg.src", "target": "ws.t\\"2\\\\x", "kind": "AGGREGATION", "process": "j-1#2"},
                   {"source": "ws.t1", "target": "ws.out", "kind": null, "process": "j-2#1"},
                   {"source": "ws.t\\"2\\\\x", "target": "ws.out", "kind": "JOIN", "process": "j-2#1"}],
                 "processes": [
                   {"id": "j-1#1", "jobId": "j-1", "step": 1, "statement": "CREATE_TABLE_AS_SELECT", "workspace": "lab-1", "grant": "g-7", "user": "eng", "state": "COMPLETED"},
                   {"id": "j-1#2", "jobId": "j-1", "step": 2, "statement": "CREATE_TABLE_AS_SELECT", "workspace": "lab-1", "grant": null, "user": "eng", "state": "COMPLETED"},
                   {"id": "j-2#1", "jobId": "j-2", "step": 1, "statement": "CREATE_TABLE_AS_SELECT", "workspace": "lab-1", "grant": "g-7", "user": "ana", "state": "FAILED"}]}
                """.formatted(start.replace("\"", "\\\"").replace("\\\\", "\\\\\\\\"), direction));
    }

    @Test
    void upstreamTreeGroupsEdgesByJobAndShowsARepeatedNodeOnce() throws Exception {
        String tree = new LineageGraphText(diamond("UPSTREAM", "ws.out")).tree();
        List<String> lines = tree.lines().toList();
        assertThat(lines.get(0)).isEqualTo("ws.out [TABLE, workspace lab-1]");
        // both inputs of ws.out came from one statement: one job line with two children
        assertThat(lines.get(1)).isEqualTo("└── job j-2 step 1 (CREATE_TABLE_AS_SELECT) by ana, grant g-7, FAILED");
        assertThat(lines.get(2)).startsWith("    ├── ws.t1 [TABLE, workspace lab-1, QUARANTINED]  <INDIRECT>");
        assertThat(tree).contains("reg.src [SOURCE]  <IDENTITY>").contains("reg.src [SOURCE]  <AGGREGATION>  (shown above)");
        assertThat(tree).contains("by eng, workspace lab-1"); // no grant: the workspace
        assertThat(tree.lines().filter(l -> l.contains("reg.src")).count()).isEqualTo(2);
    }

    @Test
    void downstreamTreeFollowsEdgesForward() throws Exception {
        String tree = new LineageGraphText(diamond("DOWNSTREAM", "reg.src")).tree();
        assertThat(tree.lines().findFirst().orElseThrow()).startsWith("reg.src [SOURCE]");
        assertThat(tree).contains("job j-1 step 1").contains("job j-1 step 2").contains("ws.out");
    }

    @Test
    void dotQuotesAndEscapesEveryIdAndDeclaresEveryNode() throws Exception {
        String dot = new LineageGraphText(diamond("UPSTREAM", "ws.out")).dot();
        DotCheck.Graph graph = DotCheck.parse(dot);
        assertThat(graph.nodes()).containsExactlyInAnyOrder("reg.src", "ws.t1", "ws.t\"2\\x", "ws.out");
        assertThat(graph.edges()).contains(List.of("ws.t\"2\\x", "ws.out"), List.of("reg.src", "ws.t1"));
        assertThat(graph.edgeLabels()).anyMatch(l -> l.contains("job j-2 step 1") && l.endsWith("\nJOIN"));
        assertThat(dot).contains("\"ws.t\\\"2\\\\x\"");
    }

    @Test
    void anEmptyAnswerSaysThereIsNoLineage() throws Exception {
        JsonNode empty = JSON.readTree("""
                {"start": "a.b", "direction": "UPSTREAM", "level": "dataset", "truncated": true,
                 "datasets": [], "edges": [], "processes": []}""");
        String tree = new LineageGraphText(empty).tree();
        assertThat(tree).isEqualTo("a.b\n(no upstream lineage)\n(truncated: the graph has more nodes than the server returns)\n");
        assertThat(DotCheck.parse(new LineageGraphText(empty).dot()).nodes()).containsExactly("a.b");
    }
}

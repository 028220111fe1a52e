package org.shuyu.jobs.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.shuyu.jobs.runtime.JobRunner;
import org.shuyu.jobs.testing.EnforcedSession;
import org.shuyu.jobs.testing.TestWorkspace;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageEvent.Phase;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.OutputDataset;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.store.ConnectionSource;
import org.shuyu.lineage.store.JdbcLineageStore;
import org.shuyu.policy.ColumnSpec;
import org.shuyu.policy.DatasetSpec;

/**
 * The lineage corpus ({@code src/test/resources/lineage-corpus/cases.json}, docs/lineage-capture.md "The corpus"):
 * every case runs through the real capture (one enforced Spark session for the class, masks and consent on) and
 * its written columns' edges must be exactly the expected set of (source column, kind): a missing and an extra edge
 * both fail. Then the START event is stored in the lineage store (H2 in PostgreSQL mode, on the controller's
 * migrations) and the edges read back from {@code lineage_column_edges} must be the same set, several kinds
 * between one pair included.
 */
@Tag("R-24c")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineageCorpusTest {
    private static final String CORPUS = "/lineage-corpus/cases.json";
    private static final String W = TestWorkspace.DATABASE;
    private static final Path MIGRATIONS = Path.of("../sandbox-controller/src/main/resources/db/migration");

    private TestWorkspace workspace;
    private EnforcedSession session;
    private JobRunner runner;
    private final List<LineageEvent> events = new CopyOnWriteArrayList<>();
    private Connection db;
    private JdbcLineageStore store;
    private final Map<ColumnRef, Sensitivity> catalog = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        workspace = new TestWorkspace();
        session = new EnforcedSession(workspace, workspace.server().url(), privileged -> { }, events::add);
        runner = session.runner();
        db = DriverManager.getConnection("jdbc:h2:mem:lineage_corpus;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=0", "sa", "");
        try (Statement s = db.createStatement()) {
            for (String file : List.of("V7__lineage.sql", "V18__lineage_edge_kinds.sql")) {
                for (String statement : statements(MIGRATIONS.resolve(file))) {
                    s.execute(statement);
                }
            }
        }
        db.setAutoCommit(false);
        store = new JdbcLineageStore(ConnectionSource.single(db), java.time.Clock.systemUTC());
        for (DatasetSpec dataset : List.of(TestWorkspace.ENTERPRISES, TestWorkspace.CONTRIBUTIONS)) {
            for (ColumnSpec column : dataset.columns()) {
                catalog.put(new ColumnRef(dataset.id(), column.name()),
                        new Sensitivity(column.classification(), column.grade()));
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        db.close();
        session.close();
        workspace.close();
    }

    static Stream<Arguments> cases() {
        JsonNode root = corpus();
        List<Arguments> out = new ArrayList<>();
        int index = 0;
        for (JsonNode c : root.get("cases")) {
            out.add(Arguments.of(++index, c.get("name").asText(), c));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void caseRecordsExactlyItsExpectedEdges(int index, String name, JsonNode c) throws SQLException {
        String table = "corpus_" + index;
        List<String> statements = new ArrayList<>();
        if (c.has("setup")) {
            c.get("setup").forEach(s -> statements.add(s.asText().replace("{t}", table)));
        }
        statements.add(c.get("sql").asText().replace("{t}", table));
        String job = "corpus-" + index;
        events.clear();
        for (int i = 0; i < statements.size(); i++) {
            runner.runStep(i + 1, statements.get(i));
        }
        List<LineageEvent> starts = events.stream().filter(e -> e.phase() == Phase.START).toList();
        assertThat(starts).hasSize(statements.size());
        LineageEvent start = starts.get(starts.size() - 1);
        assertThat(start.outputs()).as("the case writes one dataset").hasSize(1);
        OutputDataset written = start.outputs().get(0);

        Map<String, Set<String>> expected = expected(c.get("edges"), table);
        assertThat(new TreeSet<>(written.columns())).as("every written column is listed in the case")
                .isEqualTo(expected.keySet());
        assertThat(byTarget(start.edges(), written)).as(name).isEqualTo(expected);

        // the store keeps every edge with its kind (several kinds between one pair too)
        for (LineageEvent earlier : starts) {
            LineageEvent stored = new LineageEvent(job, earlier.step(), Phase.START, earlier.eventTime(),
                    earlier.statement(), earlier.inputs(), earlier.outputs(), earlier.edges(), null);
            store.recordStart(new LineageProcess(job, earlier.step(), earlier.statement(), TestWorkspace.WORKSPACE_ID,
                    null, "org-1", "corpus", Instant.now(), null, LineageProcess.State.RUNNING), stored, catalog);
            store.recordEnd(job, earlier.step(), LineageProcess.State.COMPLETED, Instant.now());
        }
        db.commit();
        assertThat(storedEdges(job, statements.size(), written)).as(name + " (stored)").isEqualTo(expected);
    }

    /** The corpus is worth its name: it covers each kind, several kinds between one pair, and scoped edges. */
    @Test
    void corpusCoversEveryKindAndEveryAskedConstruct() {
        String text = corpus().toString();
        for (String kind : List.of("IDENTITY", "TRANSFORMATION", "AGGREGATION", "MASKED", "FILTER", "JOIN",
                "GROUP_BY", "WINDOW", "SORT", "CONDITIONAL")) {
            assertThat(text).contains(" " + kind + "\"");
        }
        for (String construct : List.of("ROLLUP", "CUBE", "GROUPING SETS", "HAVING", "WHERE", "LEFT JOIN",
                "LEFT SEMI JOIN", "LEFT ANTI JOIN", " IN (SELECT", "WHERE EXISTS", "NOT EXISTS", "CASE WHEN", "if(",
                "coalesce(", "nvl(", "ifnull(", "nullif(", "OVER (", "UNION ALL", "INTERSECT", "EXCEPT", "WITH ",
                "CREATE VIEW", "count(*)", "DISTINCT", "LIMIT", "INSERT INTO", "CREATE TABLE")) {
            assertThat(text).as(construct).contains(construct);
        }
    }

    private static JsonNode corpus() {
        try (InputStream in = LineageCorpusTest.class.getResourceAsStream(CORPUS)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Set<String>> expected(JsonNode edges, String table) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = edges.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> column = it.next();
            Set<String> set = new TreeSet<>();
            for (JsonNode edge : column.getValue()) {
                String text = edge.asText().replace("{t}", table);
                text = text.startsWith("ent.") ? "registry.enterprises." + text.substring(4)
                        : text.startsWith("con.") ? "social.contributions." + text.substring(4)
                        : text.startsWith("ws.") ? W + "." + text.substring(3) : text;
                set.add(text);
            }
            out.put(column.getKey(), set);
        }
        return out;
    }

    /** Written column to {@code "dataset.column KIND"} of its incoming edges; every written column present. */
    private static Map<String, Set<String>> byTarget(List<ColumnEdge> edges, OutputDataset target) {
        Map<String, Set<String>> out = new TreeMap<>();
        target.columns().forEach(column -> out.put(column, new TreeSet<>()));
        for (ColumnEdge edge : edges) {
            if (edge.target().dataset().equals(target.name())) {
                out.computeIfAbsent(edge.target().column(), k -> new TreeSet<>())
                        .add(edge.source().dataset() + "." + edge.source().column() + " " + edge.kind());
            }
        }
        return out;
    }

    private Map<String, Set<String>> storedEdges(String job, int step, OutputDataset target) throws SQLException {
        Map<String, Set<String>> out = new TreeMap<>();
        target.columns().forEach(column -> out.put(column, new TreeSet<>()));
        try (PreparedStatement ps = db.prepareStatement("SELECT t.name, sd.name, s.name, e.kind"
                + " FROM lineage_column_edges e JOIN lineage_processes p ON p.id = e.process_id"
                + " JOIN lineage_columns s ON s.id = e.source_id JOIN lineage_datasets sd ON sd.id = s.dataset_id"
                + " JOIN lineage_columns t ON t.id = e.target_id JOIN lineage_datasets td ON td.id = t.dataset_id"
                + " WHERE p.job_id = ? AND p.step = ? AND td.name = ?")) {
            ps.setString(1, job);
            ps.setInt(2, step);
            ps.setString(3, target.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new TreeSet<>())
                            .add(rs.getString(2) + "." + rs.getString(3) + " " + rs.getString(4));
                }
            }
        }
        return out;
    }

    /** A migration's statements, as Flyway runs them (comment lines dropped, split at {@code ;} + newline). */
    private static List<String> statements(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder sql = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String statement : sql.toString().split(";\\s*\n")) {
            if (!statement.isBlank()) {
                out.add(statement.strip());
            }
        }
        return out;
    }
}

package org.shuyu.jobs.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.shuyu.jobs.testing.Refusals.assertRefused;
import static org.shuyu.lineage.TransformationKind.AGGREGATION;
import static org.shuyu.lineage.TransformationKind.FILTER;
import static org.shuyu.lineage.TransformationKind.GROUP_BY;
import static org.shuyu.lineage.TransformationKind.IDENTITY;
import static org.shuyu.lineage.TransformationKind.JOIN;
import static org.shuyu.lineage.TransformationKind.MASKED;
import static org.shuyu.lineage.TransformationKind.SORT;
import static org.shuyu.lineage.TransformationKind.TRANSFORMATION;
import static org.shuyu.lineage.TransformationKind.WINDOW;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.runtime.JobRunner;
import org.shuyu.jobs.runtime.ArrowSnapshotWriter;
import org.shuyu.jobs.runtime.PreviewResult;
import org.shuyu.jobs.runtime.SnapshotResult;
import org.shuyu.jobs.runtime.SnapshotTooLargeException;
import org.shuyu.jobs.spec.RuntimeConfig;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.jobs.testing.EnforcedSession;
import org.shuyu.jobs.testing.LineageEndpoint;
import org.shuyu.jobs.testing.TestWorkspace;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.InputDataset;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageEvent.Phase;
import org.shuyu.lineage.OutputDataset;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.SensitivityPropagation;
import org.shuyu.lineage.StatementKind;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.WriteMode;
import org.shuyu.policy.ColumnSpec;
import org.shuyu.policy.DatasetSpec;

/**
 * Lineage capture through the real runtime path: one locked job session (enforcement on, policies from the test
 * policy server), its {@link JobRunner} reporting over HTTP ({@link HttpLineageSink}) to the fake controller's
 * lineage endpoint. Each test compares the stored START events exactly, edge by edge.
 */
@Tag("R-24c")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineageCaptureTest {
    private static final String JOB = "test-job";
    private static final String W = TestWorkspace.DATABASE;
    private static final String ENT = "registry.enterprises";
    private static final String CON = "social.contributions";

    private TestWorkspace workspace;
    private EnforcedSession session;
    private SparkSession spark;
    private JobRunner runner;
    private LineageEndpoint controller;
    /** The sink the runner reports to; tests swap it for one with another deadline. */
    private volatile LineageSink sink;

    @BeforeAll
    void start() throws Exception {
        workspace = new TestWorkspace();
        controller = workspace.server().lineage();
        sink = httpSink(Duration.ofSeconds(10));
        session = new EnforcedSession(workspace, workspace.server().url(), privileged -> { },
                event -> sink.deliver(event));
        spark = session.spark();
        runner = session.runner();
    }

    @AfterAll
    void stop() throws Exception {
        session.close();
        workspace.close();
    }

    @BeforeEach
    void resetController() {
        controller.reset();
        sink = httpSink(Duration.ofSeconds(10));
    }

    private HttpLineageSink httpSink(Duration deadline) {
        return new HttpLineageSink(workspace.server().url(), JOB, TestWorkspace.TOKEN, deadline, new ObjectMapper());
    }

    // -------------------------------------------------------------------------------------------- helpers

    /** Runs the statements as steps 1..n and returns their START events (each followed by its COMPLETE). */
    private List<LineageEvent> run(String... statements) {
        for (int i = 0; i < statements.length; i++) {
            runner.runStep(i + 1, statements[i]);
        }
        List<LineageEvent> events = controller.events(JOB);
        assertThat(events).hasSize(2 * statements.length);
        List<LineageEvent> starts = new ArrayList<>();
        for (int i = 0; i < statements.length; i++) {
            LineageEvent start = events.get(2 * i);
            LineageEvent complete = events.get(2 * i + 1);
            assertThat(start.phase()).isEqualTo(Phase.START);
            assertThat(start.step()).isEqualTo(i + 1);
            assertThat(start.jobId()).isEqualTo(JOB);
            assertThat(complete.phase()).isEqualTo(Phase.COMPLETE);
            assertThat(complete.step()).isEqualTo(i + 1);
            starts.add(start);
        }
        return starts;
    }

    private LineageEvent last(String... statements) {
        List<LineageEvent> starts = run(statements);
        return starts.get(starts.size() - 1);
    }

    private static ColumnEdge edge(String source, String target, TransformationKind kind) {
        return new ColumnEdge(ref(source), ref(target), kind);
    }

    private static ColumnRef ref(String qualified) {
        String[] parts = qualified.split("\\.", 3);
        return new ColumnRef(parts[0] + "." + parts[1], parts[2]);
    }

    private static InputDataset source(String name, String... columns) {
        return new InputDataset(name, DatasetKind.SOURCE, List.of(columns));
    }

    private static OutputDataset table(String name, WriteMode mode, String... columns) {
        return new OutputDataset(W + "." + name, DatasetKind.TABLE, mode, List.of(columns));
    }

    private static void assertStart(LineageEvent start, StatementKind kind, List<InputDataset> inputs,
            List<OutputDataset> outputs, ColumnEdge... edges) {
        assertThat(start.statement()).isEqualTo(kind);
        assertThat(start.inputs()).containsExactlyElementsOf(inputs);
        assertThat(start.outputs()).containsExactlyElementsOf(outputs);
        assertThat(start.edges()).containsExactly(edges);
    }

    // ---------------------------------------------------------------------------------------- lineage

    @Test
    void createTableAsSelectCopiesColumnsByIdentity() {
        LineageEvent start = last("CREATE TABLE copy1 AS SELECT uscc, name, registered_capital FROM " + ENT);
        String t = W + ".copy1.";
        assertStart(start, StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(ENT, "name", "registered_capital", "uscc")),
                List.of(table("copy1", WriteMode.CREATE, "uscc", "name", "registered_capital")),
                edge(ENT + ".name", t + "name", IDENTITY),
                edge(ENT + ".registered_capital", t + "registered_capital", IDENTITY),
                edge(ENT + ".uscc", t + "uscc", IDENTITY));
    }

    @Test
    void joinKeysAreJoinEdgesOfEveryColumnAndTheConsentFilterIsNotRecorded() {
        LineageEvent start = last("CREATE TABLE joined AS SELECT e.name, c.contribution_base FROM " + ENT
                + " e JOIN " + CON + " c ON e.uscc = c.employer_uscc");
        String t = W + ".joined.";
        assertStart(start, StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(ENT, "name", "uscc"), source(CON, "contribution_base", "employer_uscc")),
                List.of(table("joined", WriteMode.CREATE, "name", "contribution_base")),
                edge(ENT + ".uscc", t + "contribution_base", JOIN),
                edge(CON + ".contribution_base", t + "contribution_base", IDENTITY),
                edge(CON + ".employer_uscc", t + "contribution_base", JOIN),
                edge(ENT + ".name", t + "name", IDENTITY),
                edge(ENT + ".uscc", t + "name", JOIN),
                edge(CON + ".employer_uscc", t + "name", JOIN));
    }

    @Test
    void aggregationWithGroupByAndCountStarWithoutColumn() {
        LineageEvent start = last("CREATE TABLE totals AS SELECT employer_uscc, sum(contribution_base) AS total, "
                + "max(contribution_base) AS top, count(*) AS n FROM " + CON + " GROUP BY employer_uscc");
        String t = W + ".totals.";
        assertStart(start, StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(CON, "contribution_base", "employer_uscc")),
                List.of(table("totals", WriteMode.CREATE, "employer_uscc", "total", "top", "n")),
                edge(CON + ".employer_uscc", t + "employer_uscc", IDENTITY),
                edge(CON + ".employer_uscc", t + "employer_uscc", GROUP_BY),
                edge(CON + ".employer_uscc", t + "n", GROUP_BY),
                edge(CON + ".contribution_base", t + "top", TRANSFORMATION),
                edge(CON + ".employer_uscc", t + "top", GROUP_BY),
                edge(CON + ".contribution_base", t + "total", AGGREGATION),
                edge(CON + ".employer_uscc", t + "total", GROUP_BY));
    }

    @Test
    void commonTableExpressionsAreLookedThrough() {
        LineageEvent start = last("CREATE TABLE cte_t AS WITH big AS (SELECT uscc, registered_capital FROM " + ENT
                + " WHERE registered_capital > 1500) SELECT uscc, registered_capital * 2 AS doubled FROM big");
        String t = W + ".cte_t.";
        assertStart(start, StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(ENT, "registered_capital", "uscc")),
                List.of(table("cte_t", WriteMode.CREATE, "uscc", "doubled")),
                edge(ENT + ".registered_capital", t + "doubled", TRANSFORMATION),
                edge(ENT + ".registered_capital", t + "doubled", FILTER),
                edge(ENT + ".registered_capital", t + "uscc", FILTER),
                edge(ENT + ".uscc", t + "uscc", IDENTITY));
    }

    @Test
    void persistentViewIsADatasetAndTemporaryViewIsLookedThrough() {
        List<LineageEvent> starts = run(
                "CREATE VIEW v_ent AS SELECT uscc, upper(name) AS uname FROM " + ENT,
                "CREATE TEMPORARY VIEW tmp_con AS SELECT employer_uscc, contribution_base FROM " + CON,
                "CREATE TABLE from_view AS SELECT v.uname, t.contribution_base FROM v_ent v JOIN tmp_con t "
                        + "ON v.uscc = t.employer_uscc WHERE v.uscc <> 'U002'",
                "DROP VIEW v_ent");
        String v = W + ".v_ent.";
        assertStart(starts.get(0), StatementKind.CREATE_VIEW, List.of(source(ENT, "name", "uscc")),
                List.of(new OutputDataset(W + ".v_ent", DatasetKind.VIEW, WriteMode.CREATE, List.of("uscc", "uname"))),
                edge(ENT + ".name", v + "uname", TRANSFORMATION),
                edge(ENT + ".uscc", v + "uscc", IDENTITY));
        assertStart(starts.get(1), StatementKind.OTHER, List.of(), List.of());
        String t = W + ".from_view.";
        assertStart(starts.get(2), StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(CON, "contribution_base", "employer_uscc"),
                        new InputDataset(W + ".v_ent", DatasetKind.VIEW, List.of("uname", "uscc"))),
                List.of(table("from_view", WriteMode.CREATE, "uname", "contribution_base")),
                edge(CON + ".contribution_base", t + "contribution_base", IDENTITY),
                edge(CON + ".employer_uscc", t + "contribution_base", JOIN),
                edge(v + "uscc", t + "contribution_base", FILTER),
                edge(v + "uscc", t + "contribution_base", JOIN),
                edge(CON + ".employer_uscc", t + "uname", JOIN),
                edge(v + "uname", t + "uname", IDENTITY),
                edge(v + "uscc", t + "uname", FILTER),
                edge(v + "uscc", t + "uname", JOIN));
        assertStart(starts.get(3), StatementKind.DROP_VIEW, List.of(),
                List.of(new OutputDataset(W + ".v_ent", DatasetKind.VIEW, WriteMode.DROP, List.of())));
    }

    @Test
    void unionBranchesAreEachIdentity() {
        LineageEvent start = last("CREATE TABLE ids AS SELECT uscc AS id FROM " + ENT
                + " UNION SELECT employer_uscc FROM " + CON);
        assertStart(start, StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(ENT, "uscc"), source(CON, "employer_uscc")),
                List.of(table("ids", WriteMode.CREATE, "id")),
                edge(ENT + ".uscc", W + ".ids.id", IDENTITY),
                edge(CON + ".employer_uscc", W + ".ids.id", IDENTITY));
    }

    @Test
    void windowKeysAreWindowEdgesAndWindowAggregatesAggregation() {
        LineageEvent start = last("CREATE TABLE ranked AS SELECT employer_uscc, contribution_base, "
                + "row_number() OVER (PARTITION BY employer_uscc ORDER BY contribution_base DESC) AS rn, "
                + "sum(contribution_base) OVER (PARTITION BY employer_uscc) AS total, "
                + "lag(contribution_base) OVER (PARTITION BY employer_uscc ORDER BY contribution_base) AS previous "
                + "FROM " + CON);
        String t = W + ".ranked.";
        String base = CON + ".contribution_base";
        String key = CON + ".employer_uscc";
        assertStart(start, StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(CON, "contribution_base", "employer_uscc")),
                List.of(table("ranked", WriteMode.CREATE, "employer_uscc", "contribution_base", "rn", "total",
                        "previous")),
                // a window's keys shape its own column only: none on the columns passed through, and the
                // window of "total" has no ORDER BY, so contribution_base is no WINDOW key of it (issue 19)
                edge(base, t + "contribution_base", IDENTITY),
                edge(key, t + "employer_uscc", IDENTITY),
                edge(base, t + "previous", TRANSFORMATION),
                edge(base, t + "previous", WINDOW),
                edge(key, t + "previous", WINDOW),
                edge(base, t + "rn", WINDOW),
                edge(key, t + "rn", WINDOW),
                edge(base, t + "total", AGGREGATION),
                edge(key, t + "total", WINDOW));
    }

    @Test
    void maskedColumnsStayMaskedThroughFunctionsAndAggregates() {
        List<LineageEvent> starts = run(
                "CREATE TABLE masked_t AS SELECT person_id, person_name, phone, upper(phone) AS up_phone, "
                        + "contribution_base FROM " + CON,
                "CREATE TABLE masked_agg AS SELECT count(DISTINCT person_id) AS people, "
                        + "max(legal_representative) AS rep FROM " + ENT + " e JOIN " + CON
                        + " c ON e.uscc = c.employer_uscc");
        String t = W + ".masked_t.";
        assertStart(starts.get(0), StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(CON, "contribution_base", "person_id", "person_name", "phone")),
                List.of(table("masked_t", WriteMode.CREATE, "person_id", "person_name", "phone", "up_phone",
                        "contribution_base")),
                edge(CON + ".contribution_base", t + "contribution_base", IDENTITY),
                edge(CON + ".person_id", t + "person_id", MASKED),
                edge(CON + ".person_name", t + "person_name", MASKED),
                edge(CON + ".phone", t + "phone", MASKED),
                edge(CON + ".phone", t + "up_phone", MASKED));
        String a = W + ".masked_agg.";
        assertStart(starts.get(1), StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(ENT, "legal_representative", "uscc"),
                        source(CON, "employer_uscc", "person_id")),
                List.of(table("masked_agg", WriteMode.CREATE, "people", "rep")),
                edge(ENT + ".uscc", a + "people", JOIN),
                edge(CON + ".employer_uscc", a + "people", JOIN),
                edge(CON + ".person_id", a + "people", MASKED),
                edge(ENT + ".legal_representative", a + "rep", MASKED),
                edge(ENT + ".uscc", a + "rep", JOIN),
                edge(CON + ".employer_uscc", a + "rep", JOIN));
    }

    @Test
    void createInsertIntoInsertOverwriteAndDrop() {
        List<LineageEvent> starts = run(
                "CREATE TABLE ins (uscc STRING, total DECIMAL(18,2)) USING parquet",
                "INSERT INTO ins SELECT uscc, registered_capital FROM " + ENT,
                "INSERT OVERWRITE TABLE ins SELECT employer_uscc, sum(contribution_base) FROM " + CON
                        + " GROUP BY employer_uscc",
                "DROP TABLE ins");
        String t = W + ".ins.";
        assertStart(starts.get(0), StatementKind.CREATE_TABLE, List.of(),
                List.of(table("ins", WriteMode.CREATE, "uscc", "total")));
        assertStart(starts.get(1), StatementKind.INSERT, List.of(source(ENT, "registered_capital", "uscc")),
                List.of(table("ins", WriteMode.APPEND, "uscc", "total")),
                edge(ENT + ".registered_capital", t + "total", IDENTITY),
                edge(ENT + ".uscc", t + "uscc", IDENTITY));
        assertStart(starts.get(2), StatementKind.INSERT, List.of(source(CON, "contribution_base", "employer_uscc")),
                List.of(table("ins", WriteMode.OVERWRITE, "uscc", "total")),
                edge(CON + ".contribution_base", t + "total", AGGREGATION),
                edge(CON + ".employer_uscc", t + "total", GROUP_BY),
                edge(CON + ".employer_uscc", t + "uscc", IDENTITY),
                edge(CON + ".employer_uscc", t + "uscc", GROUP_BY));
        assertStart(starts.get(3), StatementKind.DROP_TABLE, List.of(), List.of(table("ins", WriteMode.DROP)));
        assertThat(spark.catalog().tableExists(W + ".ins")).isFalse();
    }

    @Test
    void whereAndOrderByOfAWrittenQuery() {
        LineageEvent start = last("CREATE TABLE filtered AS SELECT name FROM " + ENT
                + " WHERE registered_capital > 1000 AND phone IS NOT NULL ORDER BY uscc");
        String t = W + ".filtered.";
        assertStart(start, StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(ENT, "name", "phone", "registered_capital", "uscc")),
                List.of(table("filtered", WriteMode.CREATE, "name")),
                edge(ENT + ".name", t + "name", IDENTITY),
                edge(ENT + ".phone", t + "name", FILTER),
                edge(ENT + ".registered_capital", t + "name", FILTER),
                edge(ENT + ".uscc", t + "name", SORT));
    }

    @Test
    void subqueriesGeneratorsGroupingSetsIntersectAndRename() {
        List<LineageEvent> starts = run(
                "CREATE TABLE sub_t AS SELECT uscc FROM " + ENT + " WHERE uscc IN (SELECT employer_uscc FROM " + CON
                        + " WHERE contribution_base > 5500)",
                "CREATE TABLE share AS SELECT uscc, registered_capital / (SELECT sum(registered_capital) FROM " + ENT
                        + ") AS share FROM " + ENT,
                "CREATE TABLE exploded AS SELECT uscc, part FROM " + ENT + " LATERAL VIEW explode(split(name, ' ')) p"
                        + " AS part",
                "CREATE TABLE rolled AS SELECT employer_uscc, sum(contribution_base) AS total FROM " + CON
                        + " GROUP BY ROLLUP(employer_uscc)",
                "CREATE TABLE common AS SELECT uscc FROM " + ENT + " INTERSECT SELECT employer_uscc FROM " + CON,
                "ALTER TABLE exploded RENAME TO exploded2");
        assertStart(starts.get(0), StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(ENT, "uscc"), source(CON, "contribution_base", "employer_uscc")),
                List.of(table("sub_t", WriteMode.CREATE, "uscc")),
                edge(ENT + ".uscc", W + ".sub_t.uscc", IDENTITY),
                edge(ENT + ".uscc", W + ".sub_t.uscc", FILTER),
                edge(CON + ".contribution_base", W + ".sub_t.uscc", FILTER),
                edge(CON + ".employer_uscc", W + ".sub_t.uscc", FILTER));
        // Two paths from registered_capital to share (the division and the subquery's sum): the strongest kind.
        assertStart(starts.get(1), StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(ENT, "registered_capital", "uscc")),
                List.of(table("share", WriteMode.CREATE, "uscc", "share")),
                edge(ENT + ".registered_capital", W + ".share.share", TRANSFORMATION),
                edge(ENT + ".uscc", W + ".share.uscc", IDENTITY));
        assertStart(starts.get(2), StatementKind.CREATE_TABLE_AS_SELECT, List.of(source(ENT, "name", "uscc")),
                List.of(table("exploded", WriteMode.CREATE, "uscc", "part")),
                edge(ENT + ".name", W + ".exploded.part", TRANSFORMATION),
                edge(ENT + ".uscc", W + ".exploded.uscc", IDENTITY));
        assertStart(starts.get(3), StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(CON, "contribution_base", "employer_uscc")),
                List.of(table("rolled", WriteMode.CREATE, "employer_uscc", "total")),
                edge(CON + ".employer_uscc", W + ".rolled.employer_uscc", IDENTITY),
                edge(CON + ".employer_uscc", W + ".rolled.employer_uscc", GROUP_BY),
                edge(CON + ".contribution_base", W + ".rolled.total", AGGREGATION),
                edge(CON + ".employer_uscc", W + ".rolled.total", GROUP_BY));
        assertStart(starts.get(4), StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(ENT, "uscc"), source(CON, "employer_uscc")),
                List.of(table("common", WriteMode.CREATE, "uscc")),
                edge(ENT + ".uscc", W + ".common.uscc", IDENTITY),
                edge(CON + ".employer_uscc", W + ".common.uscc", FILTER));
        assertStart(starts.get(5), StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(new InputDataset(W + ".exploded", DatasetKind.TABLE, List.of("part", "uscc"))),
                List.of(table("exploded2", WriteMode.CREATE, "uscc", "part"), table("exploded", WriteMode.DROP)),
                edge(W + ".exploded.part", W + ".exploded2.part", IDENTITY),
                edge(W + ".exploded.uscc", W + ".exploded2.uscc", IDENTITY));
    }

    @Test
    void queryStepsRecordTheirInputsOnly() {
        List<LineageEvent> starts = run(
                "SELECT name FROM " + ENT + " WHERE phone IS NOT NULL ORDER BY uscc",
                "SELECT count(*) FROM " + CON,
                "SELECT 1 AS one",
                "SET spark.sql.shuffle.partitions=4");
        assertStart(starts.get(0), StatementKind.QUERY, List.of(source(ENT, "name", "phone", "uscc")), List.of());
        assertStart(starts.get(1), StatementKind.QUERY, List.of(source(CON)), List.of());
        assertStart(starts.get(2), StatementKind.QUERY, List.of(), List.of());
        assertStart(starts.get(3), StatementKind.OTHER, List.of(), List.of());
    }

    @Test
    void previewIsStepOneWithItsInputs() {
        run("CREATE TABLE shown AS SELECT uscc, legal_representative FROM " + ENT);
        controller.reset();
        PreviewResult preview = runner.preview(new RuntimeRequest.Preview("shown", 5));
        assertThat(preview.rows()).hasSize(3);
        assertThat(preview.rows().get(0).get(1)).hasSize(64); // the hash mask persisted in the table
        List<LineageEvent> events = controller.events(JOB);
        assertThat(events).extracting(LineageEvent::phase).containsExactly(Phase.START, Phase.COMPLETE);
        assertThat(events).extracting(LineageEvent::step).containsExactly(1, 1);
        assertStart(events.get(0), StatementKind.PREVIEW,
                List.of(new InputDataset(W + ".shown", DatasetKind.TABLE, List.of("legal_representative", "uscc"))),
                List.of());
    }

    @Test
    void snapshotIsStepOneLikeThePreviewAndFreezesTheTableAsArrowWithinItsBound() throws Exception {
        run("CREATE TABLE frozen AS SELECT uscc, legal_representative, registered_capital, array(1, 2) AS pair,"
                + " registered_capital > 1500 AS big FROM " + ENT);
        Path file = session.outputDir().resolve(ArrowSnapshotWriter.FILE);

        controller.reset();
        Throwable tooLarge = catchThrowable(() -> runner.snapshot(new RuntimeRequest.Snapshot("frozen", 2)));
        assertThat(tooLarge).isInstanceOf(SnapshotTooLargeException.class).hasMessageContaining("more than 2 rows");
        assertThat(file).doesNotExist();
        assertThat(controller.events(JOB)).extracting(LineageEvent::phase).containsExactly(Phase.START, Phase.FAIL);

        controller.reset();
        SnapshotResult result = runner.snapshot(new RuntimeRequest.Snapshot("frozen", 3));
        assertThat(result.rows()).isEqualTo(3);
        assertThat(result.bytes()).isEqualTo(java.nio.file.Files.size(file));
        assertThat(result.columns()).extracting(c -> c.name() + " " + c.type()).containsExactly("uscc Utf8",
                "legal_representative Utf8", "registered_capital Decimal(18, 2, 128)", "pair Utf8", "big Bool");
        List<List<Object>> rows = new ArrayList<>();
        try (org.apache.arrow.memory.BufferAllocator allocator = new org.apache.arrow.memory.RootAllocator();
                java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file);
                org.apache.arrow.vector.ipc.ArrowFileReader reader =
                        new org.apache.arrow.vector.ipc.ArrowFileReader(channel, allocator)) {
            while (reader.loadNextBatch()) {
                org.apache.arrow.vector.VectorSchemaRoot root = reader.getVectorSchemaRoot();
                for (int r = 0; r < root.getRowCount(); r++) {
                    List<Object> row = new ArrayList<>();
                    for (org.apache.arrow.vector.FieldVector vector : root.getFieldVectors()) {
                        Object value = vector.getObject(r);
                        row.add(value instanceof org.apache.arrow.vector.util.Text text ? text.toString() : value);
                    }
                    rows.add(row);
                }
            }
        }
        rows.sort(java.util.Comparator.comparing(row -> (String) row.get(0)));
        assertThat(rows).extracting(row -> row.get(0)).containsExactly("U001", "U002", "U003");
        assertThat(rows.get(0).get(1)).as("the hash mask persisted in the table").isEqualTo(TestWorkspace.hash("Zhang San"));
        assertThat(rows).extracting(row -> row.get(2)).containsExactly(new java.math.BigDecimal("1000.00"),
                new java.math.BigDecimal("2000.00"), new java.math.BigDecimal("3000.00"));
        assertThat(rows).extracting(row -> row.get(3)).containsOnly("[1, 2]");
        assertThat(rows).extracting(row -> row.get(4)).containsExactly(false, true, true);

        List<LineageEvent> events = controller.events(JOB);
        assertThat(events).extracting(e -> e.step() + " " + e.phase()).containsExactly("1 START", "1 COMPLETE");
        assertThat(events.get(0).statement()).isEqualTo(StatementKind.PREVIEW);
        assertThat(events.get(0).inputs()).extracting(InputDataset::name).containsExactly(W + ".frozen");
        assertThat(events.get(0).outputs()).isEmpty();
    }

    @Test
    void gradesPropagateOverCapturedEdges() {
        List<LineageEvent> starts = run(
                "CREATE TABLE g1 AS SELECT uscc, registered_capital, legal_representative FROM " + ENT,
                "CREATE TABLE g2 AS SELECT registered_capital AS capital, upper(uscc) AS code FROM g1",
                "CREATE TABLE g3 AS SELECT sum(registered_capital) AS total, min(legal_representative) AS rep FROM g1");
        Map<ColumnRef, Sensitivity> catalog = new HashMap<>();
        for (DatasetSpec dataset : List.of(TestWorkspace.ENTERPRISES, TestWorkspace.CONTRIBUTIONS)) {
            for (ColumnSpec column : dataset.columns()) {
                catalog.put(new ColumnRef(dataset.id(), column.name()),
                        new Sensitivity(column.classification(), column.grade()));
            }
        }
        for (LineageEvent start : starts) { // the controller's order: each step's outputs before the next
            for (OutputDataset output : start.outputs()) {
                for (String column : output.columns()) {
                    ColumnRef target = new ColumnRef(output.name(), column);
                    List<ColumnEdge> incoming = start.edges().stream().filter(e -> e.target().equals(target)).toList();
                    SensitivityPropagation.derive(incoming, c -> Optional.ofNullable(catalog.get(c)))
                            .ifPresent(s -> catalog.put(target, s));
                }
            }
        }
        Sensitivity financial2 = new Sensitivity(org.shuyu.policy.Classification.FINANCIAL, 2);
        assertThat(catalog.get(ref(W + ".g1.registered_capital"))).isEqualTo(financial2);
        assertThat(catalog.get(ref(W + ".g2.capital"))).isEqualTo(financial2);
        assertThat(catalog.get(ref(W + ".g2.code")))
                .isEqualTo(new Sensitivity(org.shuyu.policy.Classification.PUBLIC, 1));
        assertThat(catalog).doesNotContainKeys(ref(W + ".g1.legal_representative"), ref(W + ".g3.total"),
                ref(W + ".g3.rep"));
    }

    // --------------------------------------------------------------------------------- fail closed

    @Test
    void refusedStatementKeepsItsCodeAndSendsNothing() {
        assertRefused(() -> runner.runStep(1, "SELECT * FROM census.people"), JobsErrorCode.ACCESS_DENIED,
                "census.people");
        assertRefused(() -> runner.runStep(1, "SET spark.sql.optimizer.excludedRules=x"),
                JobsErrorCode.SETTING_LOCKED);
        assertThat(controller.attempts()).isZero();
    }

    @Test
    void unsupportedStatementIsRefusedBeforeAnythingIsSentOrWritten() {
        String dir = workspace.filesDir().resolve("export").toString();
        assertRefused(() -> runner.runStep(1, "INSERT OVERWRITE DIRECTORY '" + dir + "' USING parquet "
                + "SELECT uscc FROM " + ENT), JobsErrorCode.LINEAGE_UNSUPPORTED, "INSERT OVERWRITE DIRECTORY", "not a table");
        assertThat(controller.attempts()).isZero();
        assertThat(java.nio.file.Path.of(dir)).doesNotExist();
    }

    @Test
    void stepThatFailsReportsFailWithoutData() {
        Throwable failure = catchThrowable(() -> runner.runStep(1, "CREATE TABLE bad AS SELECT CAST(name AS INT) "
                + "AS n FROM " + ENT));
        assertThat(failure).isNotNull();
        List<LineageEvent> events = controller.events(JOB);
        assertThat(events).extracting(LineageEvent::phase).containsExactly(Phase.START, Phase.FAIL);
        assertThat(events.get(1).message()).startsWith("failed: ").doesNotContain("Alpha", "Ltd");
    }

    // ------------------------------------------------------------------------------------- delivery

    @Test
    void rejectedStartMeansTheStatementNeverRuns() {
        controller.respond((event, attempt) -> event.phase() == Phase.START ? 400 : 200);
        LineageDeliveryException e = (LineageDeliveryException) catchThrowable(
                () -> runner.runStep(3, "CREATE TABLE never_rejected AS SELECT uscc FROM " + ENT));
        assertThat(e.code()).isEqualTo(JobsErrorCode.LINEAGE_REJECTED);
        assertThat(e.getMessage()).contains("START of step 3", "HTTP 400", "did not run");
        assertThat(controller.attempts(JOB, 3, Phase.START)).isEqualTo(1); // not retried
        assertThat(controller.events(JOB)).isEmpty();
        assertThat(spark.catalog().tableExists(W + ".never_rejected")).isFalse();
        assertThat(workspace.warehouseDir().resolve(W + ".db/never_rejected")).doesNotExist();
    }

    @Test
    void controllerDownUntilTheDeadlineMeansTheStatementNeverRuns() {
        sink = httpSink(Duration.ofMillis(1200));
        controller.respond((event, attempt) -> 503);
        long t0 = System.nanoTime();
        LineageDeliveryException e = (LineageDeliveryException) catchThrowable(
                () -> runner.runStep(2, "CREATE TABLE never_down AS SELECT uscc FROM " + ENT));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(e.code()).isEqualTo(JobsErrorCode.LINEAGE_UNAVAILABLE);
        assertThat(e.getMessage()).contains("START of step 2", "1200 ms", "HTTP 503", "did not run");
        assertThat(controller.attempts(JOB, 2, Phase.START)).isGreaterThan(3); // retried with backoff
        assertThat(millis).isBetween(1000L, 6000L);
        assertThat(spark.catalog().tableExists(W + ".never_down")).isFalse();
    }

    @Test
    void undeliveredCompleteFailsTheJobAfterTheStatementRan() {
        sink = httpSink(Duration.ofMillis(800));
        controller.respond((event, attempt) -> event.phase() == Phase.COMPLETE ? 503 : 200);
        LineageDeliveryException e = (LineageDeliveryException) catchThrowable(
                () -> runner.runStep(1, "CREATE TABLE ran_unconfirmed AS SELECT uscc FROM " + ENT));
        assertThat(e.code()).isEqualTo(JobsErrorCode.LINEAGE_UNAVAILABLE);
        assertThat(e.getMessage()).contains("COMPLETE of step 1", "quarantines");
        assertThat(controller.events(JOB)).extracting(LineageEvent::phase).containsExactly(Phase.START);
        assertThat(spark.catalog().tableExists(W + ".ran_unconfirmed")).isTrue();
    }

    @Test
    void transientFailuresAreRetriedAndEveryEventArrivesExactlyOnce() {
        controller.respond((event, attempt) -> attempt <= 2 ? 503 : 200);
        run("CREATE TABLE retried1 AS SELECT uscc FROM " + ENT,
                "SELECT count(*) FROM retried1",
                "DROP TABLE retried1");
        for (int step = 1; step <= 3; step++) {
            assertThat(controller.attempts(JOB, step, Phase.START)).isEqualTo(3);
            assertThat(controller.attempts(JOB, step, Phase.COMPLETE)).isEqualTo(3);
        }
        assertThat(controller.rejectedBodies()).isZero();
    }

    /** Many statements against a slow, erratic controller: every START and COMPLETE arrives, in order. */
    @Test
    void floodOfStatementsLosesNothing() {
        Random random = new Random(42);
        controller.respond((event, attempt) -> {
            int delay;
            boolean fail;
            synchronized (random) {
                delay = random.nextInt(25);
                fail = random.nextInt(100) < 25;
            }
            Thread.sleep(delay);
            return fail ? 503 : 200;
        });
        int steps = 60;
        String[] statements = new String[steps];
        for (int i = 0; i < steps; i++) {
            statements[i] = i % 5 == 0
                    ? "CREATE TABLE flood_" + i + " AS SELECT uscc, name FROM " + ENT + " WHERE uscc <> 'U00" + (i % 4) + "'"
                    : "CREATE TABLE flood_" + i + " (a STRING, b INT) USING parquet";
        }
        List<LineageEvent> starts = run(statements); // asserts START(i) then COMPLETE(i), i = 1..60, nothing else
        for (int i = 0; i < steps; i++) {
            assertThat(starts.get(i).outputs()).extracting(OutputDataset::name).containsExactly(W + ".flood_" + i);
        }
        assertThat(controller.attempts()).isGreaterThan(2 * steps); // some were answered 503 and retried
        assertThat(controller.rejectedBodies()).isZero();
    }
}

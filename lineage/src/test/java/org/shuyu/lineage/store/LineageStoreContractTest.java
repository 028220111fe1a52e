package org.shuyu.lineage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shuyu.lineage.TransformationKind.AGGREGATION;
import static org.shuyu.lineage.TransformationKind.CONDITIONAL;
import static org.shuyu.lineage.TransformationKind.FILTER;
import static org.shuyu.lineage.TransformationKind.GROUP_BY;
import static org.shuyu.lineage.TransformationKind.IDENTITY;
import static org.shuyu.lineage.TransformationKind.JOIN;
import static org.shuyu.lineage.TransformationKind.MASKED;
import static org.shuyu.lineage.TransformationKind.TRANSFORMATION;
import static org.shuyu.policy.Classification.DIRECT_IDENTIFIER;
import static org.shuyu.policy.Classification.FINANCIAL;
import static org.shuyu.policy.Classification.HEALTH_SOCIAL;
import static org.shuyu.policy.Classification.PUBLIC;
import static org.shuyu.policy.Classification.QUASI_IDENTIFIER;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.InputDataset;
import org.shuyu.lineage.LineageErrorCode;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageException;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.OutputDataset;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.StatementKind;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.WriteMode;
import org.shuyu.policy.Classification;

/**
 * The store's contract, run on H2 and on PostgreSQL (subclasses). The scenario of workspace {@code ws-a}:
 * <pre>
 * health.patients(id 4, name 4, age 3, region 1)   health.visits(patient_id 3, cost 2, diagnosis 4)
 *   j1#1 CTAS ws_a.cohort   = SELECT p.id, p.age, v.diagnosis FROM patients p JOIN visits v WHERE p.region = ..
 *   j1#2 VIEW ws_a.cohort_v = SELECT id, upper(diagnosis) dx, age FROM cohort
 *   j1#3 CTAS ws_a.stats    = SELECT dx, count(*) n, avg(age) mean_age FROM cohort_v GROUP BY dx
 *   j1#4 CTAS ws_a.masked   = SELECT mask(p.name) name_m, v.cost FROM patients p JOIN visits v
 *   j1#5 CTAS ws_a.counts   = SELECT count(*) n FROM visits   (no column edge)
 * </pre>
 */
@Tag("R-24c")
abstract class LineageStoreContractTest {
    static final String WS_A = "ws-a";
    static final String WS_B = "ws-b";
    static final String PATIENTS = "health.patients";
    static final String VISITS = "health.visits";
    static final String COHORT = "ws_a.cohort";
    static final String VIEW = "ws_a.cohort_v";
    static final String STATS = "ws_a.stats";
    static final String MASKED_T = "ws_a.masked";
    static final String COUNTS = "ws_a.counts";
    static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    static final Map<ColumnRef, Sensitivity> CATALOG = Map.of(
            col(PATIENTS, "id"), s(DIRECT_IDENTIFIER, 4), col(PATIENTS, "name"), s(DIRECT_IDENTIFIER, 4),
            col(PATIENTS, "age"), s(QUASI_IDENTIFIER, 3), col(PATIENTS, "region"), s(PUBLIC, 1),
            col(VISITS, "patient_id"), s(QUASI_IDENTIFIER, 3), col(VISITS, "cost"), s(FINANCIAL, 2),
            col(VISITS, "diagnosis"), s(HEALTH_SOCIAL, 4));

    Connection connection;
    JdbcLineageStore store;
    final MutableClock clock = new MutableClock(T0);
    private int minute;

    abstract Connection open() throws SQLException;

    @BeforeEach
    void setUp() throws SQLException {
        connection = open();
        store = new JdbcLineageStore(ConnectionSource.single(connection), clock);
    }

    @AfterEach
    void tearDown() throws SQLException {
        connection.rollback();
        connection.close();
    }

    // ------------------------------------------------------------ scenario

    void scenario() {
        start("j1", 1, StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(in(PATIENTS, DatasetKind.SOURCE, "id", "age", "region"),
                        in(VISITS, DatasetKind.SOURCE, "patient_id", "diagnosis")),
                List.of(out(COHORT, DatasetKind.TABLE, WriteMode.CREATE, "id", "age", "diagnosis")),
                List.of(edge(PATIENTS, "id", COHORT, "id", IDENTITY), edge(PATIENTS, "age", COHORT, "age", IDENTITY),
                        edge(VISITS, "diagnosis", COHORT, "diagnosis", IDENTITY),
                        edge(PATIENTS, "id", COHORT, "diagnosis", JOIN),
                        edge(VISITS, "patient_id", COHORT, "diagnosis", JOIN),
                        edge(PATIENTS, "region", COHORT, "id", FILTER)));
        complete("j1", 1);
        start("j1", 2, StatementKind.CREATE_VIEW, List.of(in(COHORT, DatasetKind.TABLE, "id", "diagnosis", "age")),
                List.of(out(VIEW, DatasetKind.VIEW, WriteMode.CREATE, "id", "dx", "age")),
                List.of(edge(COHORT, "id", VIEW, "id", IDENTITY), edge(COHORT, "diagnosis", VIEW, "dx", TRANSFORMATION),
                        edge(COHORT, "age", VIEW, "age", IDENTITY)));
        complete("j1", 2);
        start("j1", 3, StatementKind.CREATE_TABLE_AS_SELECT, List.of(in(VIEW, DatasetKind.VIEW, "dx", "age")),
                List.of(out(STATS, DatasetKind.TABLE, WriteMode.CREATE, "dx", "n", "mean_age")),
                List.of(edge(VIEW, "dx", STATS, "dx", IDENTITY), edge(VIEW, "dx", STATS, "n", GROUP_BY),
                        edge(VIEW, "dx", STATS, "mean_age", GROUP_BY), edge(VIEW, "age", STATS, "mean_age", AGGREGATION)));
        complete("j1", 3);
        start("j1", 4, StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(in(PATIENTS, DatasetKind.SOURCE, "id", "name"),
                        in(VISITS, DatasetKind.SOURCE, "patient_id", "cost")),
                List.of(out(MASKED_T, DatasetKind.TABLE, WriteMode.CREATE, "name_m", "cost")),
                List.of(edge(PATIENTS, "name", MASKED_T, "name_m", MASKED), edge(VISITS, "cost", MASKED_T, "cost", IDENTITY),
                        edge(PATIENTS, "id", MASKED_T, "name_m", JOIN), edge(VISITS, "patient_id", MASKED_T, "cost", JOIN)));
        complete("j1", 4);
        start("j1", 5, StatementKind.CREATE_TABLE_AS_SELECT, List.of(in(VISITS, DatasetKind.SOURCE)),
                List.of(out(COUNTS, DatasetKind.TABLE, WriteMode.CREATE, "n")), List.of());
        complete("j1", 5);
    }

    // ------------------------------------------------------------ dataset queries

    @Test
    void datasetUpstreamAtDepthOneTwoAndUnlimited() {
        scenario();
        LineageQuery q = LineageQuery.dataset(STATS, Direction.UPSTREAM);
        assertThat(datasetDepths(store.query(q.withDepth(1)))).isEqualTo(Map.of(STATS, 0, VIEW, 1));
        assertThat(datasetDepths(store.query(q.withDepth(2)))).isEqualTo(Map.of(STATS, 0, VIEW, 1, COHORT, 2));
        LineageGraph all = store.query(q);
        assertThat(datasetDepths(all)).isEqualTo(Map.of(STATS, 0, VIEW, 1, COHORT, 2, PATIENTS, 3, VISITS, 3));
        assertThat(edges(all)).containsExactly( // in node order: depth, then name
                "ws_a.cohort_v -> ws_a.stats IDENTITY j1#3", "ws_a.cohort -> ws_a.cohort_v IDENTITY j1#2",
                "health.patients -> ws_a.cohort IDENTITY j1#1", "health.visits -> ws_a.cohort IDENTITY j1#1");
        assertThat(all.processes()).extracting(LineageProcess::id).containsExactly("j1#1", "j1#2", "j1#3");
        LineageProcess first = all.processes().get(0);
        assertThat(first.user()).isEqualTo("alice");
        assertThat(first.grantId()).isEqualTo("grant-1");
        assertThat(first.organizationId()).isEqualTo("org-1");
        assertThat(first.workspaceId()).isEqualTo(WS_A);
        assertThat(first.state()).isEqualTo(LineageProcess.State.COMPLETED);
        assertThat(first.endedAt()).isNotNull();
        assertThat(all.truncated()).isFalse();
        assertThat(all.datasets()).filteredOn(d -> d.name().equals(PATIENTS)).singleElement()
                .satisfies(d -> {
                    assertThat(d.kind()).isEqualTo(DatasetKind.SOURCE);
                    assertThat(d.workspaceId()).isEmpty();
                });
        assertThat(all.datasets()).filteredOn(d -> d.name().equals(VIEW)).singleElement()
                .satisfies(d -> {
                    assertThat(d.kind()).isEqualTo(DatasetKind.VIEW);
                    assertThat(d.workspaceId()).contains(WS_A);
                });
    }

    @Test
    void everythingDerivedFromADatasetInOneCallIncludingInputsWithNoColumnEdge() {
        scenario();
        LineageGraph down = store.query(LineageQuery.dataset(VISITS, Direction.DOWNSTREAM));
        assertThat(datasetDepths(down)).isEqualTo(
                Map.of(VISITS, 0, COHORT, 1, MASKED_T, 1, COUNTS, 1, VIEW, 2, STATS, 3));
        assertThat(edges(down)).contains("health.visits -> ws_a.counts - j1#5",
                "health.visits -> ws_a.masked IDENTITY j1#4");
        assertThat(datasetDepths(store.query(LineageQuery.dataset(VISITS, Direction.DOWNSTREAM).withDepth(1))))
                .isEqualTo(Map.of(VISITS, 0, COHORT, 1, MASKED_T, 1, COUNTS, 1));
    }

    @Test
    void bothDirectionsWalkEachWayWithoutSiblings() {
        scenario();
        LineageGraph both = store.query(LineageQuery.dataset(VIEW, Direction.BOTH));
        assertThat(datasetDepths(both)).isEqualTo(Map.of(VIEW, 0, COHORT, 1, STATS, 1, PATIENTS, 2, VISITS, 2));
        assertThat(both.edges()).hasSize(4);
    }

    // ------------------------------------------------------------ column queries

    /**
     * Issue 19: a column that is both a value source and a key (GROUP BY region; a filter on a masked column) keeps
     * every kind: one edge per (statement, source, target, kind). Before V18 the key had no kind and the second
     * edge was dropped. Graph queries answer both; the sensitivity is inherited once.
     */
    @Test
    void severalKindsBetweenOnePairAreAllKeptAndAnswered() throws SQLException {
        String grouped = "ws_a.by_region";
        start("j9", 1, StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(in(PATIENTS, DatasetKind.SOURCE, "region", "age", "name")),
                List.of(out(grouped, DatasetKind.TABLE, WriteMode.CREATE, "region", "mean_age", "name_m")),
                List.of(edge(PATIENTS, "region", grouped, "region", IDENTITY),
                        edge(PATIENTS, "region", grouped, "region", GROUP_BY),
                        edge(PATIENTS, "region", grouped, "mean_age", GROUP_BY),
                        edge(PATIENTS, "age", grouped, "mean_age", AGGREGATION),
                        edge(PATIENTS, "name", grouped, "name_m", MASKED),
                        edge(PATIENTS, "name", grouped, "name_m", FILTER),
                        edge(PATIENTS, "age", grouped, "region", CONDITIONAL)));
        complete("j9", 1);
        assertThat(edges(store.query(LineageQuery.column(col(grouped, "region"), Direction.UPSTREAM))))
                .containsExactly("health.patients.age -> ws_a.by_region.region CONDITIONAL j9#1",
                        "health.patients.region -> ws_a.by_region.region GROUP_BY j9#1",
                        "health.patients.region -> ws_a.by_region.region IDENTITY j9#1");
        assertThat(edges(store.query(LineageQuery.column(col(grouped, "name_m"), Direction.UPSTREAM))))
                .containsExactly("health.patients.name -> ws_a.by_region.name_m FILTER j9#1",
                        "health.patients.name -> ws_a.by_region.name_m MASKED j9#1");
        // IDENTITY and CONDITIONAL propagate: region inherits the more sensitive of region (PUBLIC 1) and age (3)
        ColumnSensitivity region = store.column(col(grouped, "region")).orElseThrow();
        assertThat(region.sensitivity().map(Sensitivity::grade)).contains(3);
        assertThat(region.sources()).extracting(ColumnSensitivity.Source::column) // once each, not once per kind
                .containsExactlyInAnyOrder(col(PATIENTS, "region"), col(PATIENTS, "age"));
        assertThat(store.column(col(grouped, "name_m")).orElseThrow().sensitivity()).isEmpty();
        try (java.sql.Statement st = connection.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM lineage_column_edges")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(7);
        }
    }

    @Test
    void columnUpstreamAtDepthOneTwoAndUnlimited() {
        scenario();
        LineageQuery q = LineageQuery.column(col(STATS, "dx"), Direction.UPSTREAM);
        assertThat(columnDepths(store.query(q.withDepth(1)))).isEqualTo(Map.of("ws_a.stats.dx", 0, "ws_a.cohort_v.dx", 1));
        assertThat(columnDepths(store.query(q.withDepth(2)))).isEqualTo(
                Map.of("ws_a.stats.dx", 0, "ws_a.cohort_v.dx", 1, "ws_a.cohort.diagnosis", 2));
        LineageGraph all = store.query(q);
        assertThat(columnDepths(all)).isEqualTo(Map.of("ws_a.stats.dx", 0, "ws_a.cohort_v.dx", 1,
                "ws_a.cohort.diagnosis", 2, "health.visits.diagnosis", 3, "health.patients.id", 3,
                "health.visits.patient_id", 3));
        assertThat(edges(all)).containsExactly(
                "ws_a.cohort_v.dx -> ws_a.stats.dx IDENTITY j1#3",
                "ws_a.cohort.diagnosis -> ws_a.cohort_v.dx TRANSFORMATION j1#2",
                "health.patients.id -> ws_a.cohort.diagnosis JOIN j1#1",
                "health.visits.diagnosis -> ws_a.cohort.diagnosis IDENTITY j1#1",
                "health.visits.patient_id -> ws_a.cohort.diagnosis JOIN j1#1");
        assertThat(all.columnLevel()).isTrue();
        assertThat(all.start()).isEqualTo("ws_a.stats.dx");
        assertThat(all.datasets()).extracting(LineageGraph.DatasetNode::name, LineageGraph.DatasetNode::depth)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(STATS, 0),
                        org.assertj.core.groups.Tuple.tuple(VIEW, 1), org.assertj.core.groups.Tuple.tuple(COHORT, 2),
                        org.assertj.core.groups.Tuple.tuple(PATIENTS, 3), org.assertj.core.groups.Tuple.tuple(VISITS, 3));
        assertThat(all.columns()).filteredOn(n -> n.id().equals("health.visits.diagnosis")).singleElement()
                .satisfies(n -> {
                    assertThat(n.sensitivity()).contains(s(HEALTH_SOCIAL, 4));
                    assertThat(n.origin()).isEqualTo(SensitivityOrigin.CATALOG);
                });
    }

    @Test
    void columnDownstreamFollowsDirectAndIndirectEdges() {
        scenario();
        LineageGraph down = store.query(LineageQuery.column(col(PATIENTS, "id"), Direction.DOWNSTREAM));
        assertThat(columnDepths(down)).isEqualTo(Map.of("health.patients.id", 0, "ws_a.cohort.id", 1,
                "ws_a.cohort.diagnosis", 1, "ws_a.masked.name_m", 1, "ws_a.cohort_v.id", 2, "ws_a.cohort_v.dx", 2,
                "ws_a.stats.dx", 3, "ws_a.stats.n", 3, "ws_a.stats.mean_age", 3));
        assertThat(store.query(LineageQuery.column(col(PATIENTS, "region"), Direction.DOWNSTREAM).withDepth(2))
                .columns()).extracting(LineageGraph.ColumnNode::id)
                .containsExactly("health.patients.region", "ws_a.cohort.id", "ws_a.cohort_v.id");
    }

    // ------------------------------------------------------------ sensitivity

    @Test
    void gradesPropagateAlongIdentityAndTransformationOnly() {
        scenario();
        assertThat(sensitivity(COHORT, "id")).contains(s(DIRECT_IDENTIFIER, 4));
        assertThat(sensitivity(COHORT, "age")).contains(s(QUASI_IDENTIFIER, 3));
        assertThat(sensitivity(COHORT, "diagnosis")).contains(s(HEALTH_SOCIAL, 4)); // JOIN edges add nothing
        assertThat(sensitivity(VIEW, "id")).contains(s(DIRECT_IDENTIFIER, 4)); // a chain of copies keeps it
        assertThat(sensitivity(VIEW, "dx")).contains(s(HEALTH_SOCIAL, 4)); // upper() of it too
        assertThat(sensitivity(STATS, "dx")).contains(s(HEALTH_SOCIAL, 4));
        assertThat(sensitivity(STATS, "mean_age")).isEmpty(); // aggregation stops it
        assertThat(sensitivity(STATS, "n")).isEmpty();
        assertThat(sensitivity(MASKED_T, "name_m")).isEmpty(); // masking stops it
        assertThat(sensitivity(MASKED_T, "cost")).contains(s(FINANCIAL, 2));
        assertThat(sensitivity(COUNTS, "n")).isEmpty();

        ColumnSensitivity dx = store.column(col(VIEW, "dx")).orElseThrow();
        assertThat(dx.origin()).isEqualTo(SensitivityOrigin.INHERITED);
        assertThat(dx.sources()).containsExactly(new ColumnSensitivity.Source(col(COHORT, "diagnosis"), "j1#2"));
        ColumnSensitivity source = store.column(col(PATIENTS, "id")).orElseThrow();
        assertThat(source.origin()).isEqualTo(SensitivityOrigin.CATALOG);
        assertThat(source.sources()).isEmpty();
        assertThat(store.column(col(STATS, "n")).orElseThrow().origin()).isEqualTo(SensitivityOrigin.NONE);
        assertThat(store.columns(STATS)).extracting(c -> c.column().column()).containsExactly("dx", "mean_age", "n");
    }

    @Test
    void appendTakesTheMaximumAndOverwriteReplacesOnCompletion() {
        scenario();
        // INSERT INTO masked SELECT name, cost: an unmasked copy appended
        start("j2", 1, StatementKind.INSERT, List.of(in(PATIENTS, DatasetKind.SOURCE, "name"),
                        in(VISITS, DatasetKind.SOURCE, "cost")),
                List.of(out(MASKED_T, DatasetKind.TABLE, WriteMode.APPEND, "name_m", "cost")),
                List.of(edge(PATIENTS, "name", MASKED_T, "name_m", IDENTITY), edge(VISITS, "cost", MASKED_T, "cost", IDENTITY)));
        assertThat(sensitivity(MASKED_T, "name_m")).contains(s(DIRECT_IDENTIFIER, 4));
        complete("j2", 1);
        assertThat(sensitivity(MASKED_T, "name_m")).contains(s(DIRECT_IDENTIFIER, 4));
        assertThat(store.column(col(MASKED_T, "name_m")).orElseThrow().sources())
                .containsExactly(new ColumnSensitivity.Source(col(PATIENTS, "name"), "j2#1"));

        // INSERT OVERWRITE masked SELECT mask(name), cost
        start("j3", 1, StatementKind.INSERT, List.of(in(PATIENTS, DatasetKind.SOURCE, "name"),
                        in(VISITS, DatasetKind.SOURCE, "cost")),
                List.of(out(MASKED_T, DatasetKind.TABLE, WriteMode.OVERWRITE, "name_m", "cost")),
                List.of(edge(PATIENTS, "name", MASKED_T, "name_m", MASKED), edge(VISITS, "cost", MASKED_T, "cost", IDENTITY)));
        // while it runs the table may still hold the unmasked rows
        assertThat(sensitivity(MASKED_T, "name_m")).contains(s(DIRECT_IDENTIFIER, 4));
        complete("j3", 1);
        assertThat(sensitivity(MASKED_T, "name_m")).isEmpty();
        assertThat(store.column(col(MASKED_T, "name_m")).orElseThrow().sources()).isEmpty();
        assertThat(sensitivity(MASKED_T, "cost")).contains(s(FINANCIAL, 2));
        assertThat(store.column(col(MASKED_T, "cost")).orElseThrow().sources())
                .containsExactly(new ColumnSensitivity.Source(col(VISITS, "cost"), "j3#1"));
    }

    @Test
    void overwriteReplacesTheColumnSetAndAFailedOverwriteKeepsTheMaximum() {
        scenario();
        start("j2", 1, StatementKind.CREATE_TABLE_AS_SELECT, List.of(in(VISITS, DatasetKind.SOURCE, "cost")),
                List.of(out(COHORT, DatasetKind.TABLE, WriteMode.OVERWRITE, "total")),
                List.of(edge(VISITS, "cost", COHORT, "total", AGGREGATION)));
        assertThat(store.columns(COHORT)).extracting(c -> c.column().column())
                .containsExactly("age", "diagnosis", "id", "total");
        assertThat(store.recordEnd("j2", 1, LineageProcess.State.FAILED, at(1))).isTrue();
        commit();
        assertThat(sensitivity(COHORT, "id")).contains(s(DIRECT_IDENTIFIER, 4));
        assertThat(store.isQuarantined(COHORT)).isTrue();

        start("j3", 1, StatementKind.CREATE_TABLE_AS_SELECT, List.of(in(VISITS, DatasetKind.SOURCE, "cost")),
                List.of(out(COHORT, DatasetKind.TABLE, WriteMode.OVERWRITE, "total")),
                List.of(edge(VISITS, "cost", COHORT, "total", AGGREGATION)));
        complete("j3", 1);
        assertThat(store.columns(COHORT)).extracting(c -> c.column().column()).containsExactly("total");
        assertThat(store.column(col(COHORT, "id")).orElseThrow().present()).isFalse();
        assertThat(sensitivity(COHORT, "id")).isEmpty();
        assertThat(store.isQuarantined(COHORT)).isFalse();
        // the old columns stay lineage nodes
        assertThat(columnDepths(store.query(LineageQuery.column(col(COHORT, "id"), Direction.DOWNSTREAM))))
                .containsKeys("ws_a.cohort_v.id");
    }

    @Test
    void sourceSensitivityIsTheCatalogsAndIsRequired() {
        Map<ColumnRef, Sensitivity> partial = new HashMap<>(CATALOG);
        partial.remove(col(PATIENTS, "age"));
        LineageEvent event = LineageEvent.start("j9", 1, T0.toString(), StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(in(PATIENTS, DatasetKind.SOURCE, "id", "age")),
                List.of(out(COHORT, DatasetKind.TABLE, WriteMode.CREATE, "age")),
                List.of(edge(PATIENTS, "age", COHORT, "age", IDENTITY)));
        assertCode(() -> store.recordStart(process("j9", 1, StatementKind.CREATE_TABLE_AS_SELECT, WS_A), event,
                partial), LineageErrorCode.MISSING_SOURCE_SENSITIVITY);
    }

    // ------------------------------------------------------------ processes, duplicates, bad input

    @Test
    void duplicateStartsAndEndsAreIdempotentAndConflictsRefused() {
        LineageEvent event = ctasFromPatients("j1", 1, COHORT);
        LineageProcess p = process("j1", 1, StatementKind.CREATE_TABLE_AS_SELECT, WS_A);
        assertThat(tx(() -> store.recordStart(p, event, CATALOG))).isTrue();
        LineageProcess retried = new LineageProcess(p.jobId(), p.step(), p.statement(), p.workspaceId(), p.grantId(),
                p.organizationId(), p.user(), p.startedAt().plusSeconds(5), null, LineageProcess.State.RUNNING);
        LineageEvent again = LineageEvent.start("j1", 1, T0.plusSeconds(5).toString(), event.statement(),
                event.inputs(), event.outputs(), event.edges());
        assertThat(tx(() -> store.recordStart(retried, again, CATALOG))).isFalse();
        LineageEvent different = ctasFromPatients("j1", 1, "ws_a.other");
        assertCode(() -> store.recordStart(p, different, CATALOG), LineageErrorCode.CONFLICTING_DUPLICATE);
        rollback();

        assertThat(store.openProcesses("j1")).extracting(LineageProcess::id).containsExactly("j1#1");
        assertThat(tx(() -> store.recordEnd("j1", 1, LineageProcess.State.COMPLETED, at(1)))).isTrue();
        assertThat(tx(() -> store.recordEnd("j1", 1, LineageProcess.State.COMPLETED, at(2)))).isFalse();
        assertCode(() -> store.recordEnd("j1", 1, LineageProcess.State.FAILED, at(3)),
                LineageErrorCode.INVALID_STATE_TRANSITION);
        rollback();
        assertThat(store.openProcesses("j1")).isEmpty();
        assertThat(store.process("j1", 1).orElseThrow().endedAt()).isEqualTo(at(1));
        assertThat(tx(() -> store.recordStart(retried, again, CATALOG))).isFalse(); // a late retry changes nothing
        assertThat(store.process("j1", 1).orElseThrow().state()).isEqualTo(LineageProcess.State.COMPLETED);

        List<ProcessRecord> records = store.processesOf("j1");
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.inputs()).containsExactly(PATIENTS);
            assertThat(r.outputs()).containsExactly(new ProcessRecord.Output(COHORT, WriteMode.CREATE));
            assertThat(r.process().startedAt()).isEqualTo(p.startedAt());
        });
    }

    @Test
    void badInputGivesClearCodes() {
        assertCode(() -> store.recordEnd("nope", 1, LineageProcess.State.COMPLETED, at(1)),
                LineageErrorCode.UNKNOWN_PROCESS);
        assertCode(() -> store.recordEnd("nope", 1, LineageProcess.State.RUNNING, at(1)),
                LineageErrorCode.INVALID_STATE_TRANSITION);
        LineageEvent event = ctasFromPatients("j1", 1, COHORT);
        assertCode(() -> store.recordStart(process("j2", 1, StatementKind.CREATE_TABLE_AS_SELECT, WS_A), event,
                CATALOG), LineageErrorCode.INVALID_EVENT);
        assertCode(() -> store.recordStart(process("j1", 1, StatementKind.INSERT, WS_A), event, CATALOG),
                LineageErrorCode.INVALID_EVENT);
        // reading a workspace table no recorded statement wrote
        LineageEvent unknownInput = LineageEvent.start("j1", 1, T0.toString(), StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(in("ws_a.ghost", DatasetKind.TABLE, "x")),
                List.of(out(COHORT, DatasetKind.TABLE, WriteMode.CREATE, "x")), List.of());
        assertCode(() -> store.recordStart(process("j1", 1, StatementKind.CREATE_TABLE_AS_SELECT, WS_A), unknownInput,
                CATALOG), LineageErrorCode.UNKNOWN_DATASET);
        rollback();
        // writing another workspace's table
        start("j1", 1, StatementKind.CREATE_TABLE_AS_SELECT, ctasFromPatients("j1", 1, COHORT));
        assertCode(() -> store.recordStart(process("j2", 1, StatementKind.CREATE_TABLE_AS_SELECT, WS_B),
                ctasFromPatients("j2", 1, COHORT), CATALOG), LineageErrorCode.DATASET_MISMATCH);
        rollback();
        // a propagating edge from a column the store does not know
        LineageEvent unknownColumn = LineageEvent.start("j3", 1, T0.toString(), StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(in(COHORT, DatasetKind.TABLE, "ghost")),
                List.of(out("ws_a.t2", DatasetKind.TABLE, WriteMode.CREATE, "g")),
                List.of(edge(COHORT, "ghost", "ws_a.t2", "g", IDENTITY)));
        assertCode(() -> store.recordStart(process("j3", 1, StatementKind.CREATE_TABLE_AS_SELECT, WS_A),
                unknownColumn, CATALOG), LineageErrorCode.UNKNOWN_COLUMN);
        rollback();
        assertCode(() -> store.query(LineageQuery.dataset("ws_a.nothing", Direction.UPSTREAM)),
                LineageErrorCode.UNKNOWN_DATASET);
        assertCode(() -> store.query(LineageQuery.column(col(COHORT, "nothing"), Direction.UPSTREAM)),
                LineageErrorCode.UNKNOWN_COLUMN);
        assertCode(() -> LineageQuery.dataset(COHORT, Direction.UPSTREAM).withDepth(0), LineageErrorCode.INVALID_QUERY);
        assertThatThrownBy(() -> new LineageQuery("Not A Name", "", Direction.UPSTREAM, 1, Visibility.ALL, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database.table");
        assertCode(() -> LineageQuery.dataset(COHORT, Direction.UPSTREAM).withMaxNodes(0),
                LineageErrorCode.INVALID_QUERY);
        assertCode(() -> store.quarantine("ws_a.nothing", "j1", "x"), LineageErrorCode.UNKNOWN_DATASET);
        assertCode(() -> store.quarantine(PATIENTS, "j1", "x"), LineageErrorCode.DATASET_MISMATCH);
    }

    @Test
    void writesOutsideATransactionAreRefused() throws SQLException {
        connection.setAutoCommit(true);
        try {
            assertCode(() -> store.recordStart(process("j1", 1, StatementKind.CREATE_TABLE_AS_SELECT, WS_A),
                    ctasFromPatients("j1", 1, COHORT), CATALOG), LineageErrorCode.NOT_IN_TRANSACTION);
            assertThat(store.process("j1", 1)).isEmpty();
        } finally {
            connection.setAutoCommit(false);
        }
    }

    // ------------------------------------------------------------ quarantine

    @Test
    void quarantineIsSetByAnUnfinishedJobAndClearedByALaterOverwrite() {
        scenario();
        start("j4", 1, StatementKind.CREATE_TABLE_AS_SELECT, ctasFromPatients("j4", 1, "ws_a.tmp"));
        start("j4", 2, StatementKind.INSERT, LineageEvent.start("j4", 2, T0.toString(), StatementKind.INSERT,
                List.of(in(PATIENTS, DatasetKind.SOURCE, "id")),
                List.of(out(COHORT, DatasetKind.TABLE, WriteMode.APPEND, "id")),
                List.of(edge(PATIENTS, "id", COHORT, "id", IDENTITY))));
        minute = 30;
        clock.set(at(minute));
        assertThat(tx(() -> store.failOpenProcesses("j4", at(30), "job ended without COMPLETE")))
                .containsExactly(COHORT, "ws_a.tmp");
        assertThat(store.openProcesses("j4")).isEmpty();
        assertThat(store.process("j4", 2).orElseThrow().state()).isEqualTo(LineageProcess.State.FAILED);
        assertThat(store.quarantined(WS_A)).extracting(Quarantine::dataset, Quarantine::jobId, Quarantine::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(COHORT, "j4", "job ended without COMPLETE"),
                        org.assertj.core.groups.Tuple.tuple("ws_a.tmp", "j4", "job ended without COMPLETE"));
        assertThat(store.quarantined(WS_B)).isEmpty();
        assertThat(store.dataset("ws_a.tmp").orElseThrow().quarantine().orElseThrow().since()).isEqualTo(at(30));
        assertThat(store.query(LineageQuery.dataset(COHORT, Direction.DOWNSTREAM)).datasets())
                .filteredOn(LineageGraph.DatasetNode::quarantined).extracting(LineageGraph.DatasetNode::name)
                .containsExactly(COHORT);

        // an APPEND that completes does not clear it
        start("j5", 1, StatementKind.INSERT, LineageEvent.start("j5", 1, T0.toString(), StatementKind.INSERT,
                List.of(in(PATIENTS, DatasetKind.SOURCE, "id")),
                List.of(out("ws_a.tmp", DatasetKind.TABLE, WriteMode.APPEND, "id")),
                List.of(edge(PATIENTS, "id", "ws_a.tmp", "id", IDENTITY))));
        complete("j5", 1);
        assertThat(store.isQuarantined("ws_a.tmp")).isTrue();
        // a later OVERWRITE clears it
        start("j6", 1, StatementKind.CREATE_TABLE_AS_SELECT, LineageEvent.start("j6", 1, T0.toString(),
                StatementKind.CREATE_TABLE_AS_SELECT, List.of(in(PATIENTS, DatasetKind.SOURCE, "id")),
                List.of(out("ws_a.tmp", DatasetKind.TABLE, WriteMode.OVERWRITE, "id")),
                List.of(edge(PATIENTS, "id", "ws_a.tmp", "id", IDENTITY))));
        assertThat(store.isQuarantined("ws_a.tmp")).isTrue();
        complete("j6", 1);
        assertThat(store.isQuarantined("ws_a.tmp")).isFalse();
        assertThat(store.quarantined(WS_A)).extracting(Quarantine::dataset).containsExactly(COHORT);

        // a manual quarantine and clear
        tx(() -> {
            store.quarantine(STATS, "j1", "reviewer");
            return null;
        });
        assertThat(store.isQuarantined(STATS)).isTrue();
        assertThat(tx(() -> store.clearQuarantine(STATS))).isTrue();
        assertThat(tx(() -> store.clearQuarantine(STATS))).isFalse();
        assertThat(store.isQuarantined(STATS)).isFalse();
    }

    @Test
    void dropClearsQuarantineKeepsHistoryAndALaterCreateRevivesTheName() {
        scenario();
        tx(() -> {
            store.quarantine(STATS, "j1", "test");
            return null;
        });
        start("j7", 1, StatementKind.DROP_TABLE, LineageEvent.start("j7", 1, T0.toString(), StatementKind.DROP_TABLE,
                List.of(), List.of(out(STATS, DatasetKind.TABLE, WriteMode.DROP)), List.of()));
        assertThat(store.dataset(STATS).orElseThrow().dropped()).isFalse();
        complete("j7", 1);
        DatasetInfo dropped = store.dataset(STATS).orElseThrow();
        assertThat(dropped.dropped()).isTrue();
        assertThat(dropped.quarantined()).isFalse();
        assertThat(store.columns(STATS)).isEmpty();
        assertThat(datasetDepths(store.query(LineageQuery.dataset(STATS, Direction.UPSTREAM)))).containsKey(PATIENTS);
        assertThat(store.query(LineageQuery.dataset(STATS, Direction.UPSTREAM)).datasets().get(0).dropped()).isTrue();

        start("j8", 1, StatementKind.CREATE_TABLE_AS_SELECT, ctasFromPatients("j8", 1, STATS));
        DatasetInfo revived = store.dataset(STATS).orElseThrow();
        assertThat(revived.dropped()).isFalse();
        assertThat(store.columns(STATS)).extracting(c -> c.column().column()).containsExactly("id");
        assertThat(sensitivity(STATS, "dx")).isEmpty();
        assertThat(sensitivity(STATS, "id")).contains(s(DIRECT_IDENTIFIER, 4));
    }

    // ------------------------------------------------------------ visibility, limits, cycles

    @Test
    void membersSeeTheirWorkspaceAndTheSourcesItReadsAndNothingBeyondInvisibleNodes() {
        scenario();
        // ws-b copies patients, and also (as if shared) reads ws_a.stats into ws_b.x
        start("k1", 1, StatementKind.CREATE_TABLE_AS_SELECT, WS_B, ctasFromPatients("k1", 1, "ws_b.copy"));
        start("k1", 2, StatementKind.CREATE_TABLE_AS_SELECT, WS_B, LineageEvent.start("k1", 2, T0.toString(),
                StatementKind.CREATE_TABLE_AS_SELECT, List.of(in(STATS, DatasetKind.TABLE, "dx")),
                List.of(out("ws_b.x", DatasetKind.TABLE, WriteMode.CREATE, "dx")),
                List.of(edge(STATS, "dx", "ws_b.x", "dx", IDENTITY))));

        LineageQuery down = LineageQuery.dataset(PATIENTS, Direction.DOWNSTREAM);
        assertThat(datasetDepths(store.query(down))).containsKeys(COHORT, "ws_b.copy", "ws_b.x");
        LineageGraph b = store.query(down.withVisibility(Visibility.workspaces(Set.of(WS_B))));
        assertThat(datasetDepths(b)).isEqualTo(Map.of(PATIENTS, 0, "ws_b.copy", 1)); // ws_b.x only via ws-a
        assertThat(b.processes()).extracting(LineageProcess::id).containsExactly("k1#1");
        LineageGraph a = store.query(down.withVisibility(Visibility.workspaces(Set.of(WS_A))));
        assertThat(datasetDepths(a)).doesNotContainKeys("ws_b.copy", "ws_b.x").containsKeys(COHORT, STATS);
        assertThat(a.processes()).extracting(LineageProcess::workspaceId).containsOnly(WS_A);

        LineageGraph columns = store.query(LineageQuery.column(col(PATIENTS, "id"), Direction.DOWNSTREAM)
                .withVisibility(Visibility.workspaces(Set.of(WS_B))));
        assertThat(columnDepths(columns)).isEqualTo(Map.of("health.patients.id", 0, "ws_b.copy.id", 1));

        LineageGraph upstream = store.query(LineageQuery.dataset("ws_b.x", Direction.UPSTREAM)
                .withVisibility(Visibility.workspaces(Set.of(WS_B))));
        assertThat(datasetDepths(upstream)).isEqualTo(Map.of("ws_b.x", 0));
        assertCode(() -> store.query(LineageQuery.dataset(STATS, Direction.UPSTREAM)
                .withVisibility(Visibility.workspaces(Set.of(WS_B)))), LineageErrorCode.UNKNOWN_DATASET);
        assertThat(datasetDepths(store.query(LineageQuery.dataset(STATS, Direction.UPSTREAM)
                .withVisibility(Visibility.workspaces(Set.of(WS_A)))))).containsKeys(PATIENTS, VISITS);
    }

    @Test
    void aNodeLimitTruncatesInsteadOfGrowingWithoutBound() {
        scenario();
        LineageGraph g = store.query(LineageQuery.dataset(VISITS, Direction.DOWNSTREAM).withMaxNodes(3));
        assertThat(g.truncated()).isTrue();
        assertThat(g.datasets()).hasSize(3);
        Set<String> names = g.datasets().stream().map(LineageGraph.DatasetNode::name).collect(Collectors.toSet());
        assertThat(g.edges()).allSatisfy(e -> assertThat(names).contains(e.source(), e.target()));
        assertThat(store.query(LineageQuery.dataset(VISITS, Direction.DOWNSTREAM).withMaxNodes(6)).truncated()).isFalse();
    }

    @Test
    void selfLoopsAndCyclesEnd() {
        scenario();
        // INSERT INTO cohort SELECT id, age, diagnosis FROM cohort
        start("j9", 1, StatementKind.INSERT, LineageEvent.start("j9", 1, T0.toString(), StatementKind.INSERT,
                List.of(in(COHORT, DatasetKind.TABLE, "id", "age", "diagnosis")),
                List.of(out(COHORT, DatasetKind.TABLE, WriteMode.APPEND, "id", "age", "diagnosis")),
                List.of(edge(COHORT, "id", COHORT, "id", IDENTITY), edge(COHORT, "age", COHORT, "age", IDENTITY),
                        edge(COHORT, "diagnosis", COHORT, "diagnosis", IDENTITY))));
        complete("j9", 1);
        // and a cycle through a second table: cohort -> loop -> cohort
        start("j9", 2, StatementKind.CREATE_TABLE_AS_SELECT, LineageEvent.start("j9", 2, T0.toString(),
                StatementKind.CREATE_TABLE_AS_SELECT, List.of(in(COHORT, DatasetKind.TABLE, "id")),
                List.of(out("ws_a.loop", DatasetKind.TABLE, WriteMode.CREATE, "id")),
                List.of(edge(COHORT, "id", "ws_a.loop", "id", IDENTITY))));
        start("j9", 3, StatementKind.INSERT, LineageEvent.start("j9", 3, T0.toString(), StatementKind.INSERT,
                List.of(in("ws_a.loop", DatasetKind.TABLE, "id")),
                List.of(out(COHORT, DatasetKind.TABLE, WriteMode.APPEND, "id")),
                List.of(edge("ws_a.loop", "id", COHORT, "id", IDENTITY))));
        assertThat(sensitivity(COHORT, "id")).contains(s(DIRECT_IDENTIFIER, 4));
        assertThat(sensitivity("ws_a.loop", "id")).contains(s(DIRECT_IDENTIFIER, 4));

        LineageGraph up = store.query(LineageQuery.column(col(COHORT, "id"), Direction.UPSTREAM));
        assertThat(columnDepths(up)).isEqualTo(Map.of("ws_a.cohort.id", 0, "health.patients.id", 1,
                "health.patients.region", 1, "ws_a.loop.id", 1));
        assertThat(edges(up)).contains("ws_a.cohort.id -> ws_a.cohort.id IDENTITY j9#1",
                "ws_a.cohort.id -> ws_a.loop.id IDENTITY j9#2", "ws_a.loop.id -> ws_a.cohort.id IDENTITY j9#3");
        LineageGraph both = store.query(LineageQuery.dataset(COHORT, Direction.BOTH));
        assertThat(datasetDepths(both)).containsEntry("ws_a.loop", 1).containsEntry(COHORT, 0);
        assertThat(edges(both)).contains("ws_a.cohort -> ws_a.cohort IDENTITY j9#1");
    }

    // ------------------------------------------------------------ helpers

    static ColumnRef col(String dataset, String column) {
        return new ColumnRef(dataset, column);
    }

    static Sensitivity s(Classification c, int grade) {
        return new Sensitivity(c, grade);
    }

    static InputDataset in(String name, DatasetKind kind, String... columns) {
        return new InputDataset(name, kind, List.of(columns));
    }

    static OutputDataset out(String name, DatasetKind kind, WriteMode mode, String... columns) {
        return new OutputDataset(name, kind, mode, List.of(columns));
    }

    static ColumnEdge edge(String sd, String sc, String td, String tc, TransformationKind kind) {
        return new ColumnEdge(col(sd, sc), col(td, tc), kind);
    }

    static LineageEvent ctasFromPatients(String job, int step, String target) {
        return LineageEvent.start(job, step, T0.toString(), StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(in(PATIENTS, DatasetKind.SOURCE, "id")),
                List.of(out(target, DatasetKind.TABLE, WriteMode.CREATE, "id")),
                List.of(edge(PATIENTS, "id", target, "id", IDENTITY)));
    }

    Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    LineageProcess process(String job, int step, StatementKind statement, String workspace) {
        return new LineageProcess(job, step, statement, workspace, workspace.equals(WS_A) ? "grant-1" : null,
                "org-1", workspace.equals(WS_A) ? "alice" : "bob", clock.instant(), null,
                LineageProcess.State.RUNNING);
    }

    void start(String job, int step, StatementKind statement, List<InputDataset> inputs, List<OutputDataset> outputs,
            List<ColumnEdge> edges) {
        start(job, step, statement, LineageEvent.start(job, step, T0.toString(), statement, inputs, outputs, edges));
    }

    void start(String job, int step, StatementKind statement, LineageEvent event) {
        start(job, step, statement, WS_A, event);
    }

    void start(String job, int step, StatementKind statement, String workspace, LineageEvent event) {
        clock.set(at(++minute));
        LineageProcess p = process(job, step, statement, workspace);
        assertThat(tx(() -> store.recordStart(p, event, CATALOG))).isTrue();
    }

    void complete(String job, int step) {
        clock.set(at(++minute));
        assertThat(tx(() -> store.recordEnd(job, step, LineageProcess.State.COMPLETED, clock.instant()))).isTrue();
    }

    Optional<Sensitivity> sensitivity(String dataset, String column) {
        return store.column(col(dataset, column)).orElseThrow().sensitivity();
    }

    <T> T tx(Callable<T> work) {
        try {
            T result = work.call();
            connection.commit();
            return result;
        } catch (RuntimeException e) {
            rollback();
            throw e;
        } catch (Exception e) {
            rollback();
            throw new IllegalStateException(e);
        }
    }

    void commit() {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, LineageErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(LineageException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    static Map<String, Integer> datasetDepths(LineageGraph g) {
        Map<String, Integer> m = new LinkedHashMap<>();
        g.datasets().forEach(d -> m.put(d.name(), d.depth()));
        return m;
    }

    static Map<String, Integer> columnDepths(LineageGraph g) {
        Map<String, Integer> m = new LinkedHashMap<>();
        g.columns().forEach(c -> m.put(c.id(), c.depth()));
        return m;
    }

    static List<String> edges(LineageGraph g) {
        List<String> result = new ArrayList<>();
        g.edges().forEach(e -> result.add(e.source() + " -> " + e.target() + " "
                + e.kind().map(Enum::name).orElse("-") + " " + e.processId()));
        return result;
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

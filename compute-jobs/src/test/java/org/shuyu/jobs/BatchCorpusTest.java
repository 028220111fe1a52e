package org.shuyu.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.shuyu.corpus.Case;
import org.shuyu.corpus.EnforcementCorpus;
import org.shuyu.corpus.LeakDetector;
import org.shuyu.corpus.Outcome;
import org.shuyu.corpus.SentinelData;
import org.shuyu.corpus.StatementGrammar;
import org.shuyu.jobs.authz.EnforcementException;
import org.shuyu.jobs.runtime.JobRunner;
import org.shuyu.jobs.runtime.PreviewResult;
import org.shuyu.jobs.spec.RuntimeConfig;
import org.shuyu.jobs.testing.EnforcedSession;
import org.shuyu.jobs.testing.TestWorkspace;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.policy.ColumnSpec;
import org.shuyu.policy.DatasetSpec;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.RuntimeStatus;

/**
 * The enforcement corpus (module enforcement-corpus, docs/enforcement-corpus.md) over the batch transport: one locked
 * job session as JobMain builds it, over the corpus's sentinel data. Every case must do what it declares (allowed,
 * with its masked columns and values, or refused with its code), as a query and, when refused, as a job step too.
 * Then the sentinel property (issue 14): masks and row filters hold by value whatever the syntax: the corpus's
 * statements (hand-written, then generated from a small grammar with a fixed seed) run through every channel a batch
 * job has, and no sentinel may appear, whole or as any 6-character window, reversed, in hex or in base64, in anything
 * that leaves: rows returned, workspace tables read back, previews, the status message JobMain would write, and the
 * lineage events. The Connect transport runs the same corpus in connect-it's ConnectCorpusTest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("R-24b")
@Tag("R-19a")
@Tag("R-21b")
class BatchCorpusTest {
    private final LeakDetector detector = LeakDetector.corpus();
    private TestWorkspace workspace;
    private EnforcedSession session;
    private SparkSession spark;
    private final List<LineageEvent> events = new CopyOnWriteArrayList<>();
    private RuntimeConfig config;
    private int tables;
    private final Map<String, Integer> codes = new TreeMap<>();

    @BeforeAll
    void start() throws Exception {
        workspace = new TestWorkspace();
        for (SentinelData.Dataset dataset : SentinelData.DATASETS) {
            workspace.replaceSource(dataset.id(), dataset.csv());
        }
        // The consent row filter names the consenting subjects: the filtered rows' ids are sentinels.
        workspace.server().publish(workspace.state(true, SentinelData.CONSENTING));
        session = new EnforcedSession(workspace, workspace.server().url(), privileged -> { }, events::add);
        spark = session.spark();
        config = RuntimeConfig.read(session.outputDir().resolve("config.json"));
    }

    @AfterAll
    void stop() throws Exception {
        session.close();
        workspace.close();
    }

    private Map<String, String> bindings() {
        return Map.of(Case.OUTSIDE, workspace.root().resolve("corpus-outside").toString(),
                Case.DATABASE, TestWorkspace.DATABASE);
    }

    @Test
    void theBatchWorkspaceDeclaresTheCorpusDatasetsExactly() {
        for (DatasetSpec spec : List.of(TestWorkspace.ENTERPRISES, TestWorkspace.CONTRIBUTIONS,
                TestWorkspace.HOUSEHOLDS, TestWorkspace.PEOPLE)) {
            SentinelData.Dataset dataset = SentinelData.dataset(spec.id());
            List<String> declared = new ArrayList<>();
            for (ColumnSpec column : spec.columns()) {
                declared.add(column.name() + " " + column.classification().name() + " " + column.grade());
            }
            assertThat(declared).as(spec.id()).isEqualTo(dataset.columns().stream()
                    .map(c -> c.name() + " " + c.classification() + " " + c.grade()).toList());
            assertThat(spec.subjectColumn()).as(spec.id()).isEqualTo(dataset.subjectColumn());
            assertThat(spec.prohibited()).as(spec.id()).isEqualTo(dataset.prohibited());
        }
    }

    @Test
    void everyCorpusCaseDoesWhatItDeclares() {
        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        int index = 0;
        for (Case c : EnforcementCorpus.cases()) {
            String sql = c.sql(bindings());
            Outcome outcome = query(sql);
            outcomes.merge(outcome.kind() + " " + outcome.code(), 1, Integer::sum);
            detector.assertNoLeak("outcome", c.id(), outcome.text());
            c.expect().mismatch(outcome, detector).ifPresent(m -> mismatches.add(c.id() + ": " + m));
            if (!c.expect().allows()) {
                // The same statement as a job step (write-ahead lineage, the status JobMain writes) is refused alike.
                Outcome step = step(500 + index, sql);
                c.expect().mismatch(step, detector).ifPresent(m -> mismatches.add(c.id() + " as a step: " + m));
            }
            index++;
        }
        System.out.println("BATCH CORPUS: " + EnforcementCorpus.cases().size() + " cases, outcomes " + outcomes);
        assertThat(mismatches).as("cases whose batch outcome differs from the corpus").isEmpty();
        assertThat(workspace.root().resolve("corpus-outside")).doesNotExist();
        for (LineageEvent event : events) {
            detector.assertNoLeak("lineage", "event " + event.jobId() + "/" + event.step(), event.toString());
        }
    }

    /** A query to its rows, or the refusal/failure it raised (status message checked for leaks). */
    private Outcome query(String sql) {
        try {
            Dataset<Row> frame = JobRunner.analysed(() -> spark.sql(sql));
            List<List<String>> rows = new ArrayList<>();
            for (Row row : frame.collectAsList()) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < row.length(); i++) {
                    values.add(row.isNullAt(i) ? null : String.valueOf(row.get(i)));
                }
                rows.add(values);
            }
            return Outcome.rows(List.of(frame.columns()), rows);
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) {
            return outcomeOf(sql, e);
        }
    }

    /** A job step; rows are not returned, so an allowed step is an empty ROWS outcome. */
    private Outcome step(int index, String sql) {
        try {
            session.runner().runStep(index, sql);
            return Outcome.rows(List.of(), List.of());
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) {
            return outcomeOf(sql, e);
        }
    }

    private Outcome outcomeOf(String sql, Throwable e) {
        RuntimeStatus status = new JobMain(Map.of("SHUYU_RUNTIME_TOKEN", TestWorkspace.TOKEN), System.err)
                .outcomeOf(e, 1, Optional.of(TestWorkspace.SALT), config);
        detector.assertNoLeak("status message", sql, status.code() + " " + status.message());
        codes.merge(status.code(), 1, Integer::sum);
        Optional<EnforcementException> refusal = EnforcementException.find(e);
        return refusal.map(r -> Outcome.refused(r.code().name(), status.message()))
                .orElseGet(() -> Outcome.failed(status.code() + " " + status.message()));
    }

    @Test
    void noGeneratedStatementLeaksASentinelThroughAnyChannel() {
        Random random = new Random(StatementGrammar.SEED + 1); // picks the channel; the statements have their own seed
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List<String> statements = StatementGrammar.statements(StatementGrammar.GENERATED);
        for (int i = 0; i < statements.size(); i++) {
            String outcome = exercise(i, statements.get(i), random);
            outcomes.merge(outcome, 1, Integer::sum);
        }
        for (LineageEvent event : events) {
            detector.assertNoLeak("lineage", "event " + event.jobId() + "/" + event.step(), event.toString());
        }
        System.out.println("SENTINEL PROPERTY: " + statements.size() + " statements, outcomes " + outcomes
                + ", codes " + codes + ", lineage events " + events.size());
        // The grammar reaches every channel: rows, tables read back, previews, refusals and failures.
        assertThat(outcomes.keySet()).contains("rows", "table", "refused", "failed");
    }

    /** Runs one statement through one of the channels; returns what happened. */
    private String exercise(int index, String statement, Random random) {
        int mode = random.nextInt(10);
        try {
            if (mode < 5) {
                List<Row> rows = JobRunner.analysed(() -> spark.sql(statement)).collectAsList();
                detector.assertNoLeak("rows", statement, rows.toString());
                return "rows";
            }
            if (mode < 8) {
                String table = "leak_t" + (tables++);
                session.runner().runStep(100 + index, "CREATE TABLE " + table + " AS " + statement);
                List<Row> back = spark.sql("SELECT * FROM " + table).collectAsList();
                detector.assertNoLeak("table read back", statement, back.toString());
                PreviewResult preview = session.runner().preview(new RuntimeRequest.Preview(table, 50));
                detector.assertNoLeak("preview", statement, preview.rows().toString());
                return "table";
            }
            session.runner().runStep(100 + index, statement);
            return "step";
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) {
            Outcome outcome = outcomeOf(statement, e);
            return outcome.kind() == Outcome.Kind.REFUSED ? "refused" : "failed";
        }
    }

    @Test
    void viewsAndScriptsOverSentinelsLeakNothing() {
        for (String statement : StatementGrammar.viewsAndScripts()) {
            try {
                session.runner().runStep(900, statement);
            } catch (Exception e) {
                RuntimeStatus outcome = new JobMain(Map.of(), System.err).outcomeOf(e, 1, Optional.empty(), config);
                detector.assertNoLeak("status message", statement, outcome.message());
            }
        }
        for (String read : StatementGrammar.viewReads()) {
            try {
                detector.assertNoLeak("rows", read, spark.sql(read).collectAsList().toString());
            } catch (Exception e) {
                assertThat(e.getMessage()).as(read).containsAnyOf("TABLE_OR_VIEW_NOT_FOUND", "cannot be found");
            }
        }
        try {
            detector.assertNoLeak("rows", "DataFrame reader", spark.read().table("social.contributions")
                    .collectAsList().toString());
            spark.read().option("sep", "|").table("registry.enterprises").collectAsList();
            throw new AssertionError("per-read options on a source were allowed");
        } catch (RuntimeException e) {
            assertThat(EnforcementException.find(e)).isPresent();
        }
    }

    @Test
    void theSourcesReallyHoldTheSentinels() throws Exception {
        Path file = workspace.sourceDir("registry.enterprises").resolve("part-0.csv");
        assertThat(detector.find(Files.readString(file))).isPresent();
    }
}

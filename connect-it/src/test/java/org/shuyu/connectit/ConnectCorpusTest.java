package org.shuyu.connectit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.connect.Dataset;
import org.apache.spark.sql.connect.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.shuyu.connectit.support.ConnectClients;
import org.shuyu.testkit.ControllerProcess;
import org.shuyu.connectit.support.Platform;
import org.shuyu.corpus.Case;
import org.shuyu.corpus.EnforcementCorpus;
import org.shuyu.corpus.LeakDetector;
import org.shuyu.corpus.Outcome;
import org.shuyu.corpus.StatementGrammar;

/**
 * The enforcement corpus over Spark Connect, end to end: the controller jar runs as a process (embedded mode, its
 * own data directory holding the corpus's sentinel CSVs), the platform is set up over REST (catalog, consent,
 * organization, vetting, an approved lab = the workspace), and a standard Spark Connect client talks to the
 * controller's Connect endpoint. Every corpus case must do over Connect what it does in a batch job (same code), the
 * generated sentinel statements must leak nothing, Connect's own attacks (paths, UDFs, artifacts, locked settings,
 * catalog changes, results beyond the cap) are refused, and no sentinel reaches any channel Connect or the controller
 * serves: rows, error messages, the controller's log, the audit, lineage and job APIs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("R-19a")
@Tag("R-24b")
class ConnectCorpusTest {
    /** Fewer generated statements than batch: each is a network round trip to the engine. */
    private static final int GENERATED = 120;

    private final LeakDetector detector = LeakDetector.corpus();
    private Path dataDir;
    private ControllerProcess controller;
    private Platform platform;
    private Platform.Workspace workspace;
    private Path outside;

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("shuyu-connect-corpus");
        outside = Files.createTempDirectory("shuyu-connect-outside").resolve("never-written");
        Platform.writeSources(dataDir);
        controller = ControllerProcess.start(dataDir, Map.of(), true);
        platform = new Platform(controller.baseUrl());
        workspace = platform.corpusWorkspace(dataDir);
    }

    @AfterAll
    void stop() {
        if (controller != null) {
            controller.close();
        }
        outside.getParent().toFile().delete(); // empty unless the test failed (then it stays as evidence)
    }

    private Map<String, String> bindings() {
        return Map.of(Case.OUTSIDE, outside.toString(), Case.DATABASE, workspace.database());
    }

    /** Skips (never passes silently) while the controller has no Spark Connect endpoint. */
    private void requireConnect() {
        assertThat(controller.connectListening()).as("the controller serves Spark Connect on sandbox.connect.port=%s",
                controller.connectPort()).isTrue();
    }

    private SparkSession session() {
        return ConnectClients.open(controller, platform, workspace.member(), workspace.id());
    }

    // ------------------------------------------------------------------------------------------- REST (always)

    @Test
    @Order(1)
    void theRestSetupRunsAnEnforcedBatchJobWithMasksRefusalsAndNoLeak() {
        // Two runs only (a job, a preview): each may be a cold JVM.
        JsonNode job = platform.runJob(workspace.member(), workspace.id(), "corpus-smoke",
                "CREATE TABLE corpus_smoke AS SELECT e.uscc, e.legal_representative, e.phone, "
                        + "(SELECT count(*) FROM social.contributions) AS consented FROM registry.enterprises e",
                "SELECT * FROM census.people");
        assertThat(job.path("state").asText()).as("job %s", job).isEqualTo("REFUSED");
        assertThat(job.path("code").asText()).as("job %s", job).isEqualTo("ACCESS_DENIED");
        assertThat(job.path("failedStep").asInt()).as("job %s", job).isEqualTo(2);
        detector.assertNoLeak("job", "corpus-smoke", job.toString());
        JsonNode preview = platform.preview(workspace.member(), workspace.id(), "corpus_smoke", 10);
        detector.assertNoLeak("preview", "corpus_smoke", preview.toString());
        assertThat(preview.toString()).contains("U001", "U002", "U003");
        assertThat(preview.path("result").path("rows").toString()).as("consent count in %s", preview)
                .contains("2");
    }

    // ------------------------------------------------------------------------------------------- Connect

    /**
     * Cases Spark Connect refuses although a batch job runs them: never the other way round (that would be a hole).
     * An EXISTS subquery correlated with the outer query, as Connect plans it, is refused LINEAGE_UNSUPPORTED (its
     * column lineage is not derived; fail closed). The list is exact: a case that starts to match fails the test too.
     */
    private static final List<String> STRICTER_OVER_CONNECT = List.of(
            "consent.row-filter-5: expected it to be allowed but refused LINEAGE_UNSUPPORTED");

    @Test
    @Order(2)
    void everyCorpusCaseDoesOverConnectWhatItDoesInABatchJob() {
        requireConnect();
        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        try (SparkSession spark = session()) {
            for (Case c : EnforcementCorpus.cases()) {
                String sql = c.sql(bindings());
                Outcome outcome = run(() -> spark.sql(sql));
                outcomes.merge(outcome.kind() + " " + outcome.code(), 1, Integer::sum);
                detector.assertNoLeak("Connect " + outcome.kind(), c.id() + ": " + sql, outcome.text());
                c.expect().mismatch(outcome, detector).ifPresent(m -> mismatches.add(c.id() + ": " + m));
            }
        }
        System.out.println("CONNECT CORPUS: " + EnforcementCorpus.cases().size() + " cases, outcomes " + outcomes);
        assertThat(mismatches).as("cases whose Connect outcome differs from the corpus, beyond the known stricter ones")
                .allMatch(m -> STRICTER_OVER_CONNECT.stream().anyMatch(m::startsWith));
        assertThat(STRICTER_OVER_CONNECT).as("a known stricter case that now matches: remove it from the list")
                .allMatch(known -> mismatches.stream().anyMatch(m -> m.startsWith(known)));
        assertThat(Files.exists(outside)).as("nothing written outside the workspace").isFalse();
    }

    @Test
    @Order(3)
    void noGeneratedStatementLeaksASentinelOverConnect() {
        requireConnect();
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        try (SparkSession spark = session()) {
            for (String sql : StatementGrammar.statements(GENERATED)) {
                Outcome outcome = run(() -> spark.sql(sql));
                outcomes.merge(outcome.kind().name(), 1, Integer::sum);
                detector.assertNoLeak("Connect " + outcome.kind(), sql, outcome.text());
            }
            for (String sql : StatementGrammar.viewsAndScripts()) {
                detector.assertNoLeak("Connect", sql, run(() -> spark.sql(sql)).text());
            }
            for (String sql : StatementGrammar.viewReads()) {
                detector.assertNoLeak("Connect", sql, run(() -> spark.sql(sql)).text());
            }
            detector.assertNoLeak("Connect DataFrame", "table(social.contributions)",
                    run(() -> spark.table("social.contributions")).text());
        }
        System.out.println("CONNECT SENTINEL PROPERTY: outcomes " + outcomes);
        assertThat(outcomes.keySet()).contains("ROWS", "REFUSED");
    }

    @Test
    @Order(4)
    void connectsOwnAttacksAreRefused() throws Exception {
        requireConnect();
        Path jar = Files.createTempFile("shuyu-evil", ".jar");
        Files.write(jar, new byte[] {'P', 'K', 3, 4});
        String source = dataDir.resolve("sources/registry/enterprises").toString();
        try {
            // Each attack in a fresh session: a refused setting must not make the later attacks pass by accident.
            assertRefused("read csv by path", spark -> spark.read().csv(source));
            assertRefused("read parquet by path", spark -> spark.read().parquet("/etc"));
            assertRefused("write parquet outside", spark -> {
                spark.table("registry.enterprises").write().parquet(outside.toString());
                return null;
            });
            assertRefused("conf.set locked key", spark -> {
                spark.conf().set("spark.sql.runSQLOnFiles", "true");
                return spark.sql("SELECT 1");
            });
            assertRefused("conf.set identity", spark -> {
                spark.conf().set("spark.shuyu.user", "admin");
                return spark.sql("SELECT 1");
            });
            assertRefused("Scala UDF", spark -> {
                UserDefinedFunction udf = functions.udf((UDF1<String, String>) v -> v, DataTypes.StringType);
                return spark.table("registry.enterprises").select(udf.apply(functions.col("legal_representative")));
            });
            assertRefused("addArtifact", spark -> {
                spark.addArtifact(jar.toString());
                return null;
            });
            assertRefused("setCurrentDatabase to a source", spark -> {
                spark.catalog().setCurrentDatabase("registry");
                return spark.sql("SELECT 1");
            });
            assertRefused("createTable over a path", spark -> spark.catalog().createTable("evil_t", outside.toString()));
            assertRefused("collect beyond the preview cap", spark -> spark.range(1_000_000).toDF());
        } finally {
            Files.deleteIfExists(jar);
        }
        assertThat(Files.exists(outside)).isFalse();
    }

    @Test
    @Order(5)
    void noSentinelInAnyChannelTheControllerServes() {
        // Runs with or without Connect: after the REST job it checks the batch path's channels, after the Connect
        // tests those of every Connect statement too (statements are jobs: same job, audit and lineage APIs).
        detector.assertNoLeak("controller log", controller.log().toString(), controller.logText());
        String member = workspace.member();
        detector.assertNoLeak("jobs API", "GET jobs",
                platform.ok(member, "GET", "/api/v1/workspaces/" + workspace.id() + "/jobs?limit=500", null).toString());
        detector.assertNoLeak("workspace API", "GET workspace",
                platform.ok(member, "GET", "/api/v1/workspaces/" + workspace.id(), null).toString());
        JsonNode audit = platform.ok(Platform.SECURITY, "GET", "/api/v1/audit?limit=1000", null);
        assertThat(audit.toString()).as("the audit API answers with records").contains(workspace.id());
        detector.assertNoLeak("audit API", "GET audit", audit.toString());
        JsonNode lineage = platform.ok(Platform.SECURITY, "GET", "/api/v1/lineage?dataset="
                + Platform.encode(workspace.database() + ".corpus_smoke") + "&direction=upstream", null);
        assertThat(lineage.toString()).as("lineage of the smoke table").contains("registry.enterprises");
        detector.assertNoLeak("lineage API", "GET lineage", lineage.toString());
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** Runs a Connect statement to its rows; an exception becomes a refusal (code in its message) or a failure. */
    private static Outcome run(Supplier<Dataset<Row>> statement) {
        try {
            Dataset<Row> frame = statement.get();
            List<String> columns = List.of(frame.columns());
            List<List<String>> rows = new ArrayList<>();
            for (Row row : frame.collectAsList()) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < row.length(); i++) {
                    values.add(row.isNullAt(i) ? null : String.valueOf(row.get(i)));
                }
                rows.add(values);
            }
            return Outcome.rows(columns, rows);
        } catch (Exception e) { // the client throws its checked SparkException undeclared
            return Outcome.fromMessage(messages(e));
        }
    }

    private static String messages(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            out.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
        }
        return out.toString();
    }

    /** A Connect call that may throw checked exceptions (the catalog API does). */
    @FunctionalInterface
    private interface Attempt {
        Dataset<Row> run(SparkSession spark) throws Exception;
    }

    /** Runs {@code attempt} in a fresh session; it must be refused (a code in the error) and leak nothing. */
    private void assertRefused(String attack, Attempt attempt) {
        Outcome outcome;
        try (SparkSession spark = session()) {
            Dataset<Row> frame = attempt.run(spark);
            outcome = frame == null ? Outcome.rows(List.of(), List.of()) : run(() -> frame);
        } catch (Exception e) {
            outcome = Outcome.fromMessage(messages(e));
        }
        detector.assertNoLeak("Connect attack", attack, outcome.text());
        assertThat(outcome.kind()).as("%s: %s", attack, outcome).isEqualTo(Outcome.Kind.REFUSED);
    }
}

package org.shuyu.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.shuyu.jobs.testing.TestWorkspace;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.InputDataset;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.StatementKind;
import org.shuyu.lineage.TransformationKind;

/**
 * JobMain as the controller runs it: a child JVM ({@code java -cp <classpath> org.shuyu.jobs.JobMain cfg.json},
 * no extra JVM flags), against the test policy server. A JOB writes a workspace table, a PREVIEW of the next
 * launch shows it (masked, consent-filtered), a refused JOB exits 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobMainProcessTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private TestWorkspace workspace;

    @BeforeAll
    void start() throws Exception {
        workspace = new TestWorkspace();
    }

    @AfterAll
    void stop() throws Exception {
        workspace.close();
    }

    private record Run(int exit, String stderr, Path outputDir) {
        JsonNode json(String name) throws Exception {
            return new ObjectMapper().readTree(outputDir.resolve(name).toFile());
        }
    }

    private Run launch(String jobId, List<String> steps, Optional<String> preview) throws Exception {
        Process process = start(jobId, steps, preview, false);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("JobMain finished").isTrue();
        return finished(jobId, process);
    }

    private Run finished(String jobId, Process process) throws Exception {
        Path out = outputDir(jobId);
        return new Run(process.exitValue(), Files.readString(out.resolve("stderr.log")), out);
    }

    private Path outputDir(String jobId) {
        return workspace.root().resolve("jobs").resolve(jobId);
    }

    /** Starts JobMain as the launcher does; its stdin stays a pipe the test holds. */
    private Process start(String jobId, List<String> steps, Optional<String> preview, boolean parentWatch)
            throws Exception {
        Path out = outputDir(jobId);
        Files.createDirectories(out);
        Path config = out.resolve("config.json");
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                mapper.readTree(workspace.config(jobId, steps, preview, out));
        if (parentWatch) {
            json.put("parentWatch", true);
        }
        Files.writeString(config, json.toPrettyString());
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(classpath);
        command.add("org.shuyu.jobs.JobMain");
        command.add(config.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SHUYU_RUNTIME_TOKEN", TestWorkspace.TOKEN);
        builder.environment().put("SHUYU_MASK_SALT", TestWorkspace.SALT);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.redirectOutput(out.resolve("stdout.log").toFile());
        builder.redirectError(out.resolve("stderr.log").toFile());
        return builder.start();
    }

    @Test
    @Order(1)
    @Tag("R-24b")
    void jobWritesAWorkspaceTableAndReportsStatusAndMetrics() throws Exception {
        Run run = launch("job-1", List.of(
                "CREATE TABLE features AS SELECT e.uscc, e.legal_representative, c.person_id, c.contribution_base "
                        + "FROM registry.enterprises e JOIN social.contributions c ON e.uscc = c.employer_uscc",
                "SELECT count(*) FROM features",
                "SET spark.sql.shuffle.partitions=2",
                "CREATE TABLE totals AS SELECT uscc, sum(contribution_base) AS total FROM features GROUP BY uscc"),
                Optional.empty());
        assertThat(run.exit()).as(run.stderr()).isEqualTo(0);
        JsonNode status = run.json("status.json");
        assertThat(status.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(status.get("step").isNull()).isTrue();
        JsonNode metrics = run.json("metrics.json");
        assertThat(metrics.get("cpuSeconds").asDouble()).isPositive();
        assertThat(metrics.get("peakMemoryBytes").asLong()).isGreaterThan(50L * 1024 * 1024);
        assertThat(metrics.get("wallMillis").asLong()).isPositive();
        assertThat(metrics.get("steps")).hasSize(4);
        assertThat(metrics.get("steps").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(run.stderr()).doesNotContain(TestWorkspace.SALT, TestWorkspace.TOKEN);
        assertThat(Files.list(run.outputDir()).map(p -> p.getFileName().toString()))
                .noneMatch(name -> name.endsWith(".tmp"));
        // R-24c: every step's lineage was stored, START before COMPLETE, before the job counted as succeeded.
        List<LineageEvent> events = workspace.server().lineage().events("job-1");
        assertThat(events).extracting(e -> e.step() + " " + e.phase()).containsExactly("1 START", "1 COMPLETE",
                "2 START", "2 COMPLETE", "3 START", "3 COMPLETE", "4 START", "4 COMPLETE");
        assertThat(events).extracting(LineageEvent::statement).containsExactly(
                StatementKind.CREATE_TABLE_AS_SELECT, null, StatementKind.QUERY, null, StatementKind.OTHER, null,
                StatementKind.CREATE_TABLE_AS_SELECT, null);
        assertThat(events.get(0).edges()).contains(new ColumnEdge(
                new ColumnRef("registry.enterprises", "legal_representative"),
                new ColumnRef(TestWorkspace.DATABASE + ".features", "legal_representative"), TransformationKind.MASKED));
    }

    @Test
    @Order(2)
    @Tag("R-21b")
    void previewShowsTheWorkspaceTableOfAnEarlierJobMasked() throws Exception {
        Run run = launch("preview-1", List.of(), Optional.of("features"));
        assertThat(run.exit()).as(run.stderr()).isEqualTo(0);
        JsonNode preview = run.json("preview.json");
        assertThat(preview.get("columns").get(0).get("name").asText()).isEqualTo("uscc");
        assertThat(preview.get("columns").get(3).get("type").asText()).isEqualTo("decimal(18,2)");
        assertThat(preview.get("rows")).hasSize(2);
        List<String> people = new ArrayList<>();
        preview.get("rows").forEach(row -> people.add(row.get(2).asText()));
        assertThat(people).containsExactlyInAnyOrder(TestWorkspace.hash("P1"), TestWorkspace.hash("P3"));
        assertThat(run.json("status.json").get("state").asText()).isEqualTo("SUCCEEDED");
        List<LineageEvent> events = workspace.server().lineage().events("preview-1");
        assertThat(events).extracting(e -> e.step() + " " + e.phase()).containsExactly("1 START", "1 COMPLETE");
        assertThat(events.get(0).statement()).isEqualTo(StatementKind.PREVIEW);
        assertThat(events.get(0).inputs()).extracting(InputDataset::name)
                .containsExactly(TestWorkspace.DATABASE + ".features");
    }

    @Test
    @Order(3)
    @Tag("R-19a")
    void refusedJobExitsTwoNamingTheStepAndTheReason() throws Exception {
        Run run = launch("job-2", List.of("SELECT count(*) FROM features", "SELECT * FROM census.people",
                "CREATE TABLE never AS SELECT 1 AS a"), Optional.empty());
        assertThat(run.exit()).isEqualTo(2);
        JsonNode status = run.json("status.json");
        assertThat(status.get("state").asText()).isEqualTo("REFUSED");
        assertThat(status.get("code").asText()).isEqualTo("ACCESS_DENIED");
        assertThat(status.get("step").asInt()).isEqualTo(2);
        assertThat(status.get("message").asText()).contains("engineer", "select", "census.people");
        assertThat(run.stderr()).contains("REFUSED ACCESS_DENIED: user 'engineer' may not select census.people (step 2)");
        assertThat(run.json("metrics.json").get("steps")).hasSize(2);
        assertThat(workspace.warehouseDir().resolve(TestWorkspace.DATABASE + ".db/never")).doesNotExist();
        // The refused step sent nothing: only step 1's lineage exists.
        assertThat(workspace.server().lineage().events("job-2")).extracting(e -> e.step() + " " + e.phase())
                .containsExactly("1 START", "1 COMPLETE");
    }

    @Test
    @Order(4)
    @Tag("R-24c")
    void jobWhoseLineageIsRejectedFailsNamingTheStepAndTheStatementNeverRuns() throws Exception {
        workspace.server().lineage().respond((event, attempt) ->
                event.jobId().equals("job-3") && event.step() == 2 && event.phase() == LineageEvent.Phase.START
                        ? 422 : 200);
        Run run = launch("job-3", List.of("CREATE TABLE kept AS SELECT uscc FROM registry.enterprises",
                "CREATE TABLE rejected AS SELECT uscc FROM registry.enterprises"), Optional.empty());
        workspace.server().lineage().respond((event, attempt) -> 200);
        assertThat(run.exit()).as(run.stderr()).isEqualTo(JobMain.FAILED);
        JsonNode status = run.json("status.json");
        assertThat(status.get("state").asText()).isEqualTo("FAILED");
        assertThat(status.get("code").asText()).isEqualTo("LINEAGE_REJECTED");
        assertThat(status.get("step").asInt()).isEqualTo(2);
        assertThat(status.get("message").asText()).contains("START of step 2", "HTTP 422", "did not run");
        assertThat(workspace.warehouseDir().resolve(TestWorkspace.DATABASE + ".db/kept")).exists();
        assertThat(workspace.warehouseDir().resolve(TestWorkspace.DATABASE + ".db/rejected")).doesNotExist();
        assertThat(workspace.server().lineage().events("job-3")).extracting(e -> e.step() + " " + e.phase())
                .containsExactly("1 START", "1 COMPLETE");
    }

    /** The job's stdout and stderr (what the controller serves as its log) hold platform lines only. */
    private static void assertPlatformLinesOnly(Run run) throws Exception {
        assertThat(Files.readString(run.outputDir().resolve("stdout.log"))).isEmpty();
        for (String line : run.stderr().lines().toList()) {
            assertThat(line).as("a platform line").matches(
                    "\\d{4}-\\d\\d-\\d\\dT\\S+ step \\d+(/\\d+ started| stopped \\(see the status below\\)| done in \\d+ ms)"
                            + "|(FAILED|REFUSED) [A-Z_]+: .*");
            assertThat(line).doesNotContain("\tat ", "Exception in", "WARN", "INFO");
        }
        assertThat(run.outputDir().resolve(JobMain.INTERNAL_DIR).resolve("spark.log")).exists();
    }

    @Test
    @Order(5)
    @Tag("R-19a")
    void aFailingStepReportsSparksConditionWithoutDataAndTheLogHoldsPlatformLinesOnly() throws Exception {
        Run run = launch("scrub-1", List.of("CREATE TABLE who AS SELECT current_user() AS u",
                "SELECT CAST(name AS INT) AS n FROM registry.enterprises"), Optional.empty());
        assertThat(run.exit()).as(run.stderr()).isEqualTo(JobMain.FAILED);
        JsonNode status = run.json("status.json");
        assertThat(status.get("code").asText()).isEqualTo("STEP_FAILED");
        assertThat(status.get("step").asInt()).isEqualTo(2);
        String message = status.get("message").asText();
        assertThat(message).contains("CAST_INVALID_INPUT", "<redacted>", "\"STRING\"", "\"INT\"");
        for (String value : List.of("Alpha", "Beta", "Gamma", "Ltd", "U00", "Zhang", "1380000")) {
            assertThat(message).doesNotContain(value);
            assertThat(run.stderr()).doesNotContain(value);
        }
        assertPlatformLinesOnly(run);
        // current_user() is the workspace member, not the OS account the runtime runs as.
        assertThat(parquetStrings(workspace.warehouseDir().resolve(TestWorkspace.DATABASE + ".db/who")))
                .containsExactly(TestWorkspace.USER);
    }

    @Test
    @Order(6)
    void aDeeplyNestedStatementFailsAsTooComplexNotAsACrash() throws Exception {
        String nested = "SELECT " + "(".repeat(4000) + "1" + " + 1)".repeat(4000) + " AS x";
        Run run = launch("deep-1", List.of(nested), Optional.empty());
        assertThat(run.exit()).as(run.stderr()).isEqualTo(JobMain.FAILED);
        assertThat(run.json("status.json").get("code").asText()).isEqualTo("STATEMENT_TOO_COMPLEX");
        assertPlatformLinesOnly(run);
    }

    @Test
    @Order(7)
    void aJobKilledDuringATableWriteLeavesNothingAndRunningItAgainSucceeds() throws Exception {
        Path table = workspace.warehouseDir().resolve(TestWorkspace.DATABASE + ".db/big");
        Process process = start("crash-1", List.of("CREATE TABLE big AS SELECT r.id, e.uscc, e.name "
                + "FROM registry.enterprises e CROSS JOIN range(0, 400000000) r"), Optional.empty(), false);
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120))
                    .until(() -> Files.isDirectory(table.resolve("_temporary")) && hasFiles(table));
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(table.resolve("_SUCCESS")).doesNotExist();
        Run again = launch("crash-1", List.of("CREATE TABLE big AS SELECT uscc, name FROM registry.enterprises",
                "SELECT count(*) FROM big"), Optional.empty());
        assertThat(again.exit()).as(again.stderr() + again.json("status.json")).isEqualTo(0);
        assertThat(table.resolve("_SUCCESS")).exists();
        assertThat(table.resolve("_temporary")).doesNotExist();
        assertThat(parquetStrings(table)).hasSize(3);
    }

    private static boolean hasFiles(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.anyMatch(f -> Files.isRegularFile(f) && f.getFileName().toString().startsWith("part-"));
        }
    }

    @Test
    @Order(8)
    @Tag("R-17a")
    void aRuntimeWhoseLauncherDiedStopsAtOnceAsOrphaned() throws Exception {
        Process process = start("orphan-1", List.of("SELECT sum(r.id + length(e.uscc)) FROM registry.enterprises e "
                + "CROSS JOIN range(0, 5000000000) r"), Optional.empty(), true);
        Path stderr = outputDir("orphan-1").resolve("stderr.log");
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120))
                    .until(() -> Files.readString(stderr).contains("step 1/1 started"));
            long closed = System.nanoTime();
            process.getOutputStream().close(); // what the launcher's death does to the pipe
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the runtime stopped").isTrue();
            System.out.println("ORPHAN STOP: stdin closed to process exit = "
                    + (System.nanoTime() - closed) / 1_000_000L + " ms");
        } finally {
            process.destroyForcibly();
        }
        Run run = finished("orphan-1", process);
        assertThat(run.exit()).isEqualTo(org.shuyu.jobs.runtime.ParentWatch.EXIT_ORPHANED);
        assertThat(run.json("status.json").get("code").asText()).isEqualTo("ORPHANED");
        assertThat(run.json("status.json").get("step").asInt()).isEqualTo(1);
    }

    /** Every value of the parquet files under {@code dir}, as strings, row by row (first column). */
    private static List<String> parquetStrings(Path dir) throws Exception {
        List<String> values = new ArrayList<>();
        List<Path> files;
        try (var walk = Files.walk(dir)) {
            files = walk.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
        for (Path file : files) {
            try (org.apache.parquet.hadoop.ParquetReader<org.apache.parquet.example.data.Group> reader =
                         org.apache.parquet.hadoop.ParquetReader.builder(
                                 new org.apache.parquet.hadoop.example.GroupReadSupport(),
                                 new org.apache.hadoop.fs.Path(file.toUri())).build()) {
                for (org.apache.parquet.example.data.Group g = reader.read(); g != null; g = reader.read()) {
                    values.add(g.getValueToString(0, 0));
                }
            }
        }
        return values;
    }
}

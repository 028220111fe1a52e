package org.shuyu.controller.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.runtime.contract.RuntimeExit;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeMetrics;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.RuntimeStatus;

/**
 * The controller's side of the runtime contract, shared by both launchers: the request built from a run (the same
 * wire format as the contract's golden file), and how a reported status and exit code map to a job's outcome.
 */
class RuntimeContractMappingTest {
    private static final Path GOLDEN = Path.of("../runtime-contract/src/test/resources/golden");
    private final RuntimeJson json = new RuntimeJson();

    @TempDir
    Path dir;

    private static JobLauncher.Run run(String jobId, Job.Kind kind, List<String> steps, Optional<JobLauncher.Preview> preview,
            Optional<JobLauncher.Snapshot> snapshot) {
        Path workspace = Path.of("/var/lib/shuyu/workspaces/grant-ab12");
        return new JobLauncher.Run(jobId, kind, "engineer", "grant-ab12", "shuyu_grant_ab12", "ws_grant_ab12", workspace,
                workspace.resolve("data/warehouse"), workspace.resolve("data/files"), workspace.resolve("jobs"),
                List.of(new JobLauncher.Source("registry.enterprises", "csv", Path.of("/var/lib/shuyu/sources/registry/enterprises"),
                        "uscc STRING, name STRING")), steps, preview, snapshot, "runtime-token", "salt");
    }

    @Test
    void theRequestOfARunIsTheContractsGoldenRequest() throws Exception {
        Path out = Path.of("/var/lib/shuyu/workspaces/grant-ab12/jobs");
        RuntimeRequest job = RuntimeRequests.of(run("job-7f3a", Job.Kind.JOB, List.of(
                "CREATE TABLE features AS SELECT * FROM registry.enterprises", "SELECT count(*) FROM features"), Optional.empty(),
                Optional.empty()), "http://127.0.0.1:8080", 1000, 10000, out.resolve("job-7f3a"));
        RuntimeRequest preview = RuntimeRequests.of(run("job-7f3b", Job.Kind.PREVIEW, List.of(),
                Optional.of(new JobLauncher.Preview("features", 20)), Optional.empty()), "http://127.0.0.1:8080", 1000, 10000,
                out.resolve("job-7f3b"));
        RuntimeRequest snapshot = RuntimeRequests.of(run("job-7f3c", Job.Kind.SNAPSHOT, List.of(), Optional.empty(),
                Optional.of(new JobLauncher.Snapshot("features", 100_000))), "http://127.0.0.1:8080", 1000, 10000,
                out.resolve("job-7f3c"));
        assertThat(json.writePretty(job) + "\n").isEqualTo(golden("runtime-request-job.json"));
        assertThat(json.writePretty(preview) + "\n").isEqualTo(golden("runtime-request-preview.json"));
        assertThat(json.writePretty(snapshot) + "\n").isEqualTo(golden("runtime-request-snapshot.json"));
    }

    @Test
    void aRunTheContractRefusesNeverReachesTheRuntime() {
        JobLauncher.Run parquet = new JobLauncher.Run("job-x", Job.Kind.JOB, "engineer", "grant-ab12", "shuyu_grant_ab12", "ws_grant_ab12",
                dir, dir.resolve("w"), dir.resolve("f"), dir.resolve("jobs"), List.of(new JobLauncher.Source("a.b", "parquet", dir, "x INT")),
                List.of("SELECT 1"), Optional.empty(), "t", "s");
        assertThatThrownBy(() -> RuntimeRequests.of(parquet, "http://c", 1000, 10000, dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only csv");
        try {
            RuntimeRequests.of(parquet, "http://c", 1000, 10000, dir);
        } catch (IllegalArgumentException e) {
            JobLauncher.Outcome outcome = RuntimeOutcomes.invalidRequest(e);
            assertThat(outcome.state()).isEqualTo(JobState.FAILED);
            assertThat(outcome.code()).contains("INVALID_CONFIG");
            assertThat(outcome.message()).hasValueSatisfying(m -> assertThat(m).contains("runtime.json").contains("only csv"));
        }
    }

    @Test
    void everyReportedStateMapsToAJobStateAndSuccessNeedsExitZero() {
        for (RuntimeStatus.State state : RuntimeStatus.State.values()) {
            RuntimeStatus status = new RuntimeStatus(state, "CODE", "message", Optional.of(2));
            JobLauncher.Outcome outcome = RuntimeOutcomes.fromStatus(status, status.exit().code(), Optional.empty(), Optional.of("{}"));
            assertThat(outcome.state().name()).isEqualTo(state.name());
            assertThat(outcome.code()).contains("CODE");
            assertThat(outcome.step()).contains(2);
            assertThat(outcome.previewJson().isPresent()).isEqualTo(state == RuntimeStatus.State.SUCCEEDED);
        }
        JobLauncher.Outcome lying = RuntimeOutcomes.fromStatus(RuntimeStatus.succeeded("done"), 1, Optional.empty(), Optional.of("{}"));
        assertThat(lying.state()).isEqualTo(JobState.FAILED);
        assertThat(lying.previewJson()).isEmpty();
    }

    @Test
    void exitCodesWithoutAStatusNameTheirCause() {
        assertThat(RuntimeOutcomes.withoutStatus(RuntimeExit.OUT_OF_MEMORY.code()).code()).contains("OUT_OF_MEMORY");
        assertThat(RuntimeOutcomes.withoutStatus(RuntimeExit.ORPHANED.code()).code()).contains("ORPHANED");
        for (int exit : new int[] {0, 1, 2, 5, 137}) {
            assertThat(RuntimeOutcomes.withoutStatus(exit).code()).as("exit %d", exit).contains("RUNTIME_CRASHED");
        }
    }

    @Test
    void usageIsTheRuntimesMeasurementOrTheWallTimeSeen() {
        JobLauncher.Usage measured = RuntimeOutcomes.usage(Optional.of(new RuntimeMetrics(1.5, 100, 42, List.of())), 999);
        assertThat(measured).isEqualTo(new JobLauncher.Usage(1.5, 100, 42));
        assertThat(RuntimeOutcomes.usage(Optional.empty(), 999)).isEqualTo(new JobLauncher.Usage(0, 0, 999));
    }

    @Test
    void theLogTailIsTheEndOfTheJobsLogAndNeverOutsideTheJobsDirectory() throws Exception {
        Files.createDirectories(dir.resolve("job-1"));
        Files.writeString(JobLogs.file(dir, "job-1"), "first line\nlast line\n");
        assertThat(JobLogs.tail(dir, "job-1", 10)).contains("last line\n");
        assertThat(JobLogs.tail(dir, "job-2", 10)).isEmpty();
        assertThat(JobLogs.tail(dir, "../outside", 10)).isEmpty();
    }

    private static String golden(String name) throws Exception {
        return Files.readString(GOLDEN.resolve(name), StandardCharsets.UTF_8);
    }
}

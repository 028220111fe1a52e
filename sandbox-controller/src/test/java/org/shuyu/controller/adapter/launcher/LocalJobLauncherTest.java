package org.shuyu.controller.adapter.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.job.RuntimeOutcomes;
import org.shuyu.runtime.contract.RuntimeLaunch;

/**
 * The local launcher's side of the runtime contract (docs/workspaces-and-jobs.md), with a stand-in runtime
 * ({@code org.shuyu.jobs.JobMain} of the test sources) so no Spark is needed: a child JVM per job with a memory limit,
 * a wall-time limit, a scrubbed environment, cancellation, and the outcome read from the job directory.
 */
class LocalJobLauncherTest {
    @TempDir
    Path workspace;

    private LocalJobLauncher launcher;

    @BeforeEach
    void setUp() {
        launcher = launcher(Path.of("target/test-classes").toAbsolutePath().toString(), Duration.ofSeconds(4));
    }

    @AfterEach
    void tearDown() {
        launcher.shutdown();
    }

    static LocalJobLauncher launcher(String classpath, Duration timeout) {
        SandboxProperties properties = new SandboxProperties(SandboxProperties.Mode.EMBEDDED, Path.of("target/test-data"), false,
                new SandboxProperties.Identity(null, null, "shuyu-controller", Duration.ofSeconds(30), true, Duration.ofMinutes(15)),
                new SandboxProperties.Audit(400), new SandboxProperties.Lifecycle(Duration.ofSeconds(60), Duration.ZERO),
                new SandboxProperties.Workspaces(Duration.ofSeconds(10)),
                new SandboxProperties.Jobs(2, "64m", timeout, Duration.ofMinutes(1), 100, 1000, 10000, classpath, "http://127.0.0.1:9", null));
        return new LocalJobLauncher(properties);
    }

    private JobLauncher.Run run(String id, String step) throws Exception {
        Path jobs = Files.createDirectories(workspace.resolve("jobs"));
        return new JobLauncher.Run(id, Job.Kind.JOB, "engineer", "grant-1", "shuyu_grant_1", "ws_grant_1", workspace,
                workspace.resolve("data/warehouse"), workspace.resolve("data/files"), jobs, List.of(), List.of(step), Optional.empty(),
                "runtime-token", "salt");
    }

    private JobLauncher.Run snapshotRun(String id, String table) throws Exception {
        Path jobs = Files.createDirectories(workspace.resolve("jobs"));
        return new JobLauncher.Run(id, Job.Kind.SNAPSHOT, "engineer", "grant-1", "shuyu_grant_1", "ws_grant_1", workspace,
                workspace.resolve("data/warehouse"), workspace.resolve("data/files"), jobs, List.of(), List.of(), Optional.empty(),
                Optional.of(new JobLauncher.Snapshot(table, 1000)), "runtime-token", "salt");
    }

    private JobLauncher.Outcome outcome(String id, String step) throws Exception {
        return launcher.launch(run(id, step), () -> true).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aSucceededJobReportsItsStatusAndMeteredUseAndItsLog() throws Exception {
        AtomicInteger started = new AtomicInteger();
        JobLauncher.Outcome outcome = launcher.launch(run("job-ok", "ok"), () -> started.incrementAndGet() > 0).get(30, TimeUnit.SECONDS);
        assertThat(outcome.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(outcome.code()).contains("OK");
        assertThat(outcome.usage()).hasValueSatisfying(u -> {
            assertThat(u.cpuSeconds()).isEqualTo(1.5);
            assertThat(u.peakMemoryBytes()).isEqualTo(123456789L);
        });
        assertThat(started).hasValue(1);
        String log = launcher.log(workspace.resolve("jobs"), "job-ok", 1 << 20).orElseThrow();
        assertThat(log).contains("fake runtime: step 'ok'");
        long maxHeap = Long.parseLong(log.replaceAll("(?s).*max heap (\\d+).*", "$1"));
        assertThat(maxHeap).as("-Xmx of sandbox.jobs.memory").isLessThanOrEqualTo(64L << 20);
        assertThat(workspace.resolve("jobs/job-ok/runtime.json")).content().contains("\"policyUrl\":\"http://127.0.0.1:9\"")
                .doesNotContain("runtime-token").doesNotContain("salt\"");
    }

    @Test
    @Tag("R-19a")
    void aRefusalKeepsItsCodeMessageAndStep() throws Exception {
        JobLauncher.Outcome outcome = outcome("job-refused", "refuse");
        assertThat(outcome.state()).isEqualTo(JobState.REFUSED);
        assertThat(outcome.code()).contains("ACCESS_DENIED");
        assertThat(outcome.message()).contains("user may not select x.y");
        assertThat(outcome.step()).contains(1);
    }

    @Test
    @Tag("R-19a")
    void theJobSeesNothingOfTheControllersEnvironment() throws Exception {
        JobLauncher.Outcome outcome = outcome("job-env", "env");
        Set<String> names = new TreeSet<>(List.of(outcome.message().orElseThrow().split(",")));
        assertThat(names).contains("SHUYU_RUNTIME_TOKEN", "SHUYU_MASK_SALT", "SPARK_LOCAL_IP", "HOME");
        assertThat(names).isSubsetOf("SHUYU_RUNTIME_TOKEN", "SHUYU_MASK_SALT", "SPARK_LOCAL_IP", "HOME", "PATH", "LANG", "LC_ALL", "TZ");
    }

    @Test
    @Tag("R-19b")
    void aSnapshotRunCarriesItsRequestAndReturnsTheFileItWrote() throws Exception {
        JobLauncher.Outcome outcome = launcher.launch(snapshotRun("snap-ok", "frozen"), () -> true).get(30, TimeUnit.SECONDS);
        assertThat(outcome.state()).isEqualTo(JobState.SUCCEEDED);
        Path file = workspace.resolve("jobs/snap-ok/snapshot.arrow");
        assertThat(outcome.snapshot()).contains(new JobLauncher.SnapshotFile(file, 2, Files.size(file)));
        assertThat(workspace.resolve("jobs/snap-ok/runtime.json")).content().contains("\"kind\":\"SNAPSHOT\"")
                .containsPattern("\"snapshot\":\\{(\"table\":\"frozen\",\"maxRows\":1000|\"maxRows\":1000,\"table\":\"frozen\")}");
    }

    @Test
    @Tag("R-19b")
    void aSnapshotWhoseFileIsNotWhatItsReportSaysFails() throws Exception {
        JobLauncher.Outcome outcome = launcher.launch(snapshotRun("snap-liar", "liar"), () -> true).get(30, TimeUnit.SECONDS);
        assertThat(outcome.state()).isEqualTo(JobState.FAILED);
        assertThat(outcome.code()).contains("SNAPSHOT_INCOMPLETE");
        assertThat(outcome.snapshot()).isEmpty();
    }

    @Test
    void aJobPastItsTimeLimitIsStoppedAndFails() throws Exception {
        long t0 = System.nanoTime();
        JobLauncher.Outcome outcome = outcome("job-slow", "sleep");
        assertThat(outcome.state()).isEqualTo(JobState.FAILED);
        assertThat(outcome.code()).contains("TIMEOUT");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aCancelledJobStopsAndSaysSo() throws Exception {
        var future = launcher.launch(run("job-cancel", "sleep"), () -> true);
        Thread.sleep(1_000);
        assertThat(launcher.cancel("job-cancel")).isTrue();
        JobLauncher.Outcome outcome = future.get(20, TimeUnit.SECONDS);
        assertThat(outcome.state()).isEqualTo(JobState.CANCELLED);
        assertThat(launcher.cancel("job-cancel")).as("nothing left to cancel").isFalse();
    }

    @Test
    @Tag("R-17a")
    void theRuntimeRunsWithTheParentWatchOnAPipeAndItsPidIsReportedAndCancelKillsItAtOnce() throws Exception {
        java.util.concurrent.CompletableFuture<Long> pid = new java.util.concurrent.CompletableFuture<>();
        var future = launcher.launch(run("job-watched", "sleep"), () -> true, pid::complete);
        ProcessHandle runtime = ProcessHandle.of(pid.get(20, TimeUnit.SECONDS)).orElseThrow();
        assertThat(runtime.info().commandLine()).hasValueSatisfying(cmd -> assertThat(cmd)
                .contains(RuntimeLaunch.PARENT_WATCH).contains("job-watched").contains(RuntimeLaunch.MAIN_CLASS));
        Thread.sleep(500); // the stand-in is in its sleep: its stdin is open, it does not halt by itself
        assertThat(runtime.isAlive()).as("the controller holds the runtime's stdin open").isTrue();
        long t0 = System.nanoTime();
        assertThat(launcher.cancel("job-watched")).isTrue();
        runtime.onExit().get(1, TimeUnit.SECONDS);
        System.out.println("cancel to runtime exit: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(future.get(20, TimeUnit.SECONDS).state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    @Tag("R-17a")
    void aLeftoverIsStoppedOnlyWhenItsProcessIsReallyThatJobsRuntime() throws Exception {
        // What an earlier controller left: the runtime of job-left, started with its config in the job's directory.
        Path dir = Files.createDirectories(workspace.resolve("jobs/job-left"));
        Files.writeString(dir.resolve("runtime.json"), "{\"outputDir\":\"" + dir + "\",\"steps\":[\"sleep\"]}");
        Process leftover = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                Path.of("target/test-classes").toAbsolutePath().toString(), RuntimeLaunch.MAIN_CLASS, dir.resolve("runtime.json").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            Job job = new Job("job-left", "grant-1", Job.Kind.JOB, "left", List.of("sleep"), "engineer", java.time.Instant.now(),
                    JobState.RUNNING, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
            assertThat(launcher.stopLeftover(job, Optional.of(stranger.pid()))).as("a reused pid is not the job").isFalse();
            assertThat(stranger.isAlive()).isTrue();
            assertThat(launcher.stopLeftover(job, Optional.empty())).isFalse();
            assertThat(launcher.stopLeftover(job, Optional.of(leftover.pid()))).isTrue();
            assertThat(leftover.waitFor(2, TimeUnit.SECONDS)).as("the leftover runtime is dead").isTrue();
            assertThat(launcher.stopLeftover(job, Optional.of(leftover.pid()))).as("nothing left to stop").isFalse();
        } finally {
            leftover.destroyForcibly();
            stranger.destroyForcibly();
        }
    }

    @Test
    void aRuntimeThatDiesWithoutAStatusIsAFailure() throws Exception {
        JobLauncher.Outcome outcome = outcome("job-crash", "crash");
        assertThat(outcome.state()).isEqualTo(JobState.FAILED);
        assertThat(outcome.code()).contains("RUNTIME_CRASHED");
        assertThat(outcome.message()).hasValueSatisfying(m -> assertThat(m).contains("code 5"));
    }

    @Test
    void exitCodesWithoutAStatusNameTheirCause() {
        assertThat(RuntimeOutcomes.withoutStatus(3).code()).contains("OUT_OF_MEMORY");
        assertThat(RuntimeOutcomes.withoutStatus(4).code()).contains("ORPHANED");
        assertThat(RuntimeOutcomes.withoutStatus(137).code()).contains("RUNTIME_CRASHED");
        assertThat(RuntimeOutcomes.withoutStatus(137).state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void aJobWhoseWorkspaceClosedWhileQueuedNeverStarts() throws Exception {
        JobLauncher.Outcome outcome = launcher.launch(run("job-late", "ok"), () -> false).get(30, TimeUnit.SECONDS);
        assertThat(outcome.state()).isEqualTo(JobState.REFUSED);
        assertThat(outcome.code()).contains("NOT_STARTED");
        assertThat(workspace.resolve("jobs/job-late/log.txt")).doesNotExist();
    }

    @Test
    void withoutARuntimeJobsAreUnavailableWithAReason() {
        LocalJobLauncher none = launcher(workspace.resolve("missing.jar").toString(), Duration.ofSeconds(4));
        try {
            assertThat(none.available()).isFalse();
            assertThat(none.unavailableReason()).contains("missing.jar").contains("does not exist");
        } finally {
            none.shutdown();
        }
    }
}

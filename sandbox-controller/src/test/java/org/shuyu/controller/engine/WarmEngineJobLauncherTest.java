package org.shuyu.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.config.EngineProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.job.ControllerIncarnation;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobState;
import org.shuyu.runtime.contract.RuntimeMetrics;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.RuntimeStatus;
import org.shuyu.runtime.contract.StatementOutcome;
import org.springframework.transaction.support.TransactionOperations;

/** Batch jobs on a warm engine: sent to /runs when an engine is up, cold otherwise, cold again when it is refused. */
class WarmEngineJobLauncherTest {
    private final WorkspaceEnginesTest.FakeLauncher engineLauncher = new WorkspaceEnginesTest.FakeLauncher();
    private final List<String> runsStarted = Collections.synchronizedList(new ArrayList<>());
    private final List<String> runTokens = Collections.synchronizedList(new ArrayList<>());
    private final List<String> cancelled = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean refuseRuns;
    private final AtomicInteger polls = new AtomicInteger();
    private final WorkspaceEnginesTest.FakeControl control = new WorkspaceEnginesTest.FakeControl() {
        @Override
        public void startRun(EngineEndpoint engine, RuntimeRequest request, String runToken) {
            if (refuseRuns) {
                throw new SandboxException(ErrorCode.NOT_FOUND, "no /runs");
            }
            runsStarted.add(request.jobId() + ":" + request.kind());
            runTokens.add(runToken);
        }

        @Override
        public Optional<StatementOutcome> run(EngineEndpoint engine, String jobId, long waitMillis) {
            if (polls.incrementAndGet() < 3) {
                return Optional.empty();
            }
            return Optional.of(new StatementOutcome(RuntimeStatus.succeeded("done"), new RuntimeMetrics(2.5, 4096, 700, List.of())));
        }

        @Override
        public void cancelRun(EngineEndpoint engine, String jobId) {
            cancelled.add(jobId);
        }
    };
    private final List<String> coldRuns = Collections.synchronizedList(new ArrayList<>());
    private final JobLauncher cold = new JobLauncher() {
        @Override
        public boolean available() {
            return true;
        }

        @Override
        public String unavailableReason() {
            return "";
        }

        @Override
        public CompletableFuture<Outcome> launch(Run run, BooleanSupplier onStart) {
            onStart.getAsBoolean();
            coldRuns.add(run.jobId());
            return CompletableFuture.completedFuture(Outcome.of(JobState.SUCCEEDED, "OK", "cold"));
        }

        @Override
        public boolean cancel(String jobId) {
            return false;
        }

        @Override
        public boolean stopLeftover(Job job, Optional<Long> pid) {
            return false;
        }

        @Override
        public Optional<String> log(Path jobsDir, String jobId, int maxBytes) {
            return Optional.empty();
        }
    };
    private final WorkspaceEngines engines = new WorkspaceEngines(engineLauncher, control,
            new WorkspaceEnginesTest.MemoryStore(), EngineAdmission.unlimited(), new EngineWorkspaces() {
                @Override
                public Target target(String workspaceId) {
                    Path root = Path.of("/tmp/ws", workspaceId);
                    return new Target(workspaceId, "org-1", "shuyu_x", "ws_x", root, root, root, root.resolve("engines"),
                            List.of(), "salt");
                }

                @Override
                public boolean accessOpen(String workspaceId) {
                    return true;
                }

                @Override
                public Optional<String> organizationOf(String workspaceId) {
                    return Optional.of("org-1");
                }
            }, new WorkspaceEnginesTest.RecordingAudit(), TransactionOperations.withoutTransaction(),
            new ControllerIncarnation(prefix -> prefix + "-now"), prefix -> prefix + "-" + System.nanoTime(), Clock.systemUTC(),
            EngineProperties.defaults(), 100);
    private final WarmEngineJobLauncher launcher = new WarmEngineJobLauncher(cold, () -> engines, control,
            () -> "http://127.0.0.1:8080", 1000, 10000, Duration.ofMinutes(1));

    @AfterEach
    void stop() {
        launcher.shutdown();
        engines.destroy();
    }

    private static JobLauncher.Run run(String id, Job.Kind kind) {
        Path ws = Path.of("/tmp/ws/grant-1");
        return new JobLauncher.Run(id, kind, "engineer", "grant-1", "shuyu_grant_1", "ws_grant_1", ws, ws.resolve("w"),
                ws.resolve("f"), ws.resolve("jobs"), List.of(), List.of("SELECT 1"),
                kind == Job.Kind.PREVIEW ? Optional.of(new JobLauncher.Preview("t", 10)) : Optional.empty(), "run-token-" + id,
                "salt");
    }

    @Test
    void aJobRunsOnTheWarmEngineWhenOneIsUpAndColdOtherwise() throws Exception {
        LongConsumer noPid = pid -> {};
        JobLauncher.Outcome coldOutcome = launcher.launch(run("job-cold", Job.Kind.JOB), () -> true, noPid).get(5, TimeUnit.SECONDS);
        assertThat(coldOutcome.message()).contains("cold");
        assertThat(runsStarted).isEmpty();

        engines.acquire("grant-1");
        AtomicInteger starts = new AtomicInteger();
        JobLauncher.Outcome warm = launcher.launch(run("job-warm", Job.Kind.JOB), () -> starts.incrementAndGet() > 0, noPid)
                .get(5, TimeUnit.SECONDS);
        assertThat(warm.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(warm.usage().orElseThrow().cpuSeconds()).isEqualTo(2.5);
        assertThat(runsStarted).containsExactly("job-warm:JOB");
        assertThat(runTokens).containsExactly("run-token-job-warm");
        assertThat(starts.get()).isEqualTo(1);
        assertThat(coldRuns).containsExactly("job-cold");

        launcher.launch(run("preview-1", Job.Kind.PREVIEW), () -> true, noPid).get(5, TimeUnit.SECONDS);
        assertThat(coldRuns).as("previews stay cold").contains("preview-1");

        refuseRuns = true;
        AtomicInteger gate = new AtomicInteger();
        JobLauncher.Outcome fallback = launcher.launch(run("job-fallback", Job.Kind.JOB), () -> gate.incrementAndGet() > 0,
                noPid).get(5, TimeUnit.SECONDS);
        assertThat(fallback.message()).contains("cold");
        assertThat(gate.get()).as("the gate is passed once").isEqualTo(1);
    }

    @Test
    void aRefusedStartIsNotRunAnywhere() throws Exception {
        engines.acquire("grant-1");
        JobLauncher.Outcome outcome = launcher.launch(run("job-closed", Job.Kind.JOB), () -> false, pid -> {})
                .get(5, TimeUnit.SECONDS);
        assertThat(outcome.state()).isEqualTo(JobState.REFUSED);
        assertThat(runsStarted).isEmpty();
        assertThat(coldRuns).isEmpty();
    }
}

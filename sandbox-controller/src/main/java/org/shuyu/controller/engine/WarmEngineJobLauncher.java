package org.shuyu.controller.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.job.RuntimeOutcomes;
import org.shuyu.controller.job.RuntimeRequests;
import org.shuyu.runtime.contract.RuntimeExit;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.StatementOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch jobs on a warm engine (issue 16, {@code sandbox.engines.batch-on-warm-engine}): a JOB whose workspace has an
 * engine up is sent to the engine's {@code POST /runs} with its own runtime credential (the same JobRunner protocol,
 * enforcement and write-ahead lineage as the cold runtime) and its {@code StatementOutcome} mapped to the job's
 * {@code Outcome} by {@link RuntimeOutcomes}, so its fixed start cost disappears. Everything else goes to the cold
 * launcher it wraps: no engine up, PREVIEW and SNAPSHOT runs, and a JOB the engine would not take (it is then started
 * cold, its workspace gate already passed). Cancel reaches the engine's {@code POST /runs/{id}/cancel}.
 */
public class WarmEngineJobLauncher implements JobLauncher {
    private static final Logger log = LoggerFactory.getLogger(WarmEngineJobLauncher.class);
    private static final long POLL_MILLIS = 30_000;

    private final JobLauncher cold;
    private final Supplier<WorkspaceEngines> engines;
    private final EngineControl control;
    private final Supplier<String> controllerUrl;
    private final long policyPollMillis;
    private final long policyMaxStalenessMillis;
    private final Duration timeout;
    private final Map<String, Warm> warm = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "warm-engine-runs");
        t.setDaemon(true);
        return t;
    });

    private static final class Warm {
        final EngineEndpoint engine;
        volatile boolean cancelled;

        Warm(EngineEndpoint engine) {
            this.engine = engine;
        }
    }

    public WarmEngineJobLauncher(JobLauncher cold, Supplier<WorkspaceEngines> engines, EngineControl control,
            Supplier<String> controllerUrl, long policyPollMillis, long policyMaxStalenessMillis, Duration timeout) {
        this.cold = requireNonNull(cold, "cold is null");
        this.engines = requireNonNull(engines, "engines is null");
        this.control = requireNonNull(control, "control is null");
        this.controllerUrl = requireNonNull(controllerUrl, "controllerUrl is null");
        this.policyPollMillis = policyPollMillis;
        this.policyMaxStalenessMillis = policyMaxStalenessMillis;
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    @Override
    public boolean available() {
        return cold.available();
    }

    @Override
    public String unavailableReason() {
        return cold.unavailableReason();
    }

    @Override
    public CompletableFuture<Outcome> launch(Run run, BooleanSupplier onStart) {
        return launch(run, onStart, pid -> {});
    }

    @Override
    public CompletableFuture<Outcome> launch(Run run, BooleanSupplier onStart, LongConsumer onProcess) {
        Optional<EngineEndpoint> engine = run.kind() == Job.Kind.JOB ? engines.get().running(run.workspaceId())
                : Optional.empty();
        if (engine.isEmpty()) {
            return cold.launch(run, onStart, onProcess);
        }
        Warm slot = new Warm(engine.get());
        warm.put(run.jobId(), slot);
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        pool.execute(() -> {
            CompletableFuture<Outcome> outcome;
            try {
                outcome = runWarm(run, slot, onStart, onProcess);
            } catch (RuntimeException e) {
                log.error("job {} could not be run on the warm engine: {}", run.jobId(), e.getClass().getName());
                outcome = CompletableFuture.completedFuture(Outcome.of(JobState.FAILED, "LAUNCH_FAILED",
                        "the job could not be run on the workspace's engine"));
            } finally {
                warm.remove(run.jobId());
            }
            outcome.whenComplete((o, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(o);
                }
            });
        });
        return result;
    }

    private CompletableFuture<Outcome> runWarm(Run run, Warm slot, BooleanSupplier onStart, LongConsumer onProcess) {
        if (slot.cancelled) {
            return CompletableFuture.completedFuture(Outcome.of(JobState.CANCELLED, "CANCELLED", "cancelled before it started"));
        }
        RuntimeRequest request;
        try {
            Path outputDir = run.jobsDir().resolve(run.jobId()).toAbsolutePath();
            request = RuntimeRequests.of(run, controllerUrl.get(), policyPollMillis, policyMaxStalenessMillis, outputDir);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(RuntimeOutcomes.invalidRequest(e));
        }
        if (!onStart.getAsBoolean()) {
            return CompletableFuture.completedFuture(Outcome.of(JobState.REFUSED, "NOT_STARTED",
                    "the job was not started: its workspace is no longer open to its submitter"));
        }
        long started = System.nanoTime();
        engines.get().touch(run.workspaceId());
        try {
            control.startRun(slot.engine, request, run.runtimeToken());
        } catch (SandboxException e) {
            // The engine does not take it (gone, busy, older engine): cold start, the gate was passed already.
            log.info("job {}: the workspace's engine did not take it ({}); starting it cold", run.jobId(), e.code());
            return cold.launch(run, () -> true, onProcess);
        }
        long deadline = started + timeout.toNanos();
        while (true) {
            if (slot.cancelled) {
                cancelOnEngine(run.jobId(), slot);
                return CompletableFuture.completedFuture(Outcome.of(JobState.CANCELLED, "CANCELLED", "cancelled while running"));
            }
            if (System.nanoTime() > deadline) {
                cancelOnEngine(run.jobId(), slot);
                return CompletableFuture.completedFuture(Outcome.of(JobState.FAILED, "TIMEOUT", "the job ran longer than "
                        + timeout + " and was stopped"));
            }
            Optional<StatementOutcome> outcome;
            try {
                outcome = control.run(slot.engine, run.jobId(), POLL_MILLIS);
            } catch (SandboxException e) {
                return CompletableFuture.completedFuture(Outcome.of(JobState.FAILED, "ENGINE_LOST",
                        "the workspace's engine stopped answering for the job (" + e.code() + ")"));
            }
            engines.get().touch(run.workspaceId());
            if (outcome.isPresent()) {
                if (slot.cancelled) {
                    return CompletableFuture.completedFuture(Outcome.of(JobState.CANCELLED, "CANCELLED",
                            "cancelled while running"));
                }
                long wall = (System.nanoTime() - started) / 1_000_000;
                return CompletableFuture.completedFuture(RuntimeOutcomes.fromStatus(outcome.get().status(),
                        RuntimeExit.SUCCEEDED.code(),
                        Optional.of(RuntimeOutcomes.usage(Optional.of(outcome.get().metrics()), wall)), Optional.empty()));
            }
        }
    }

    private void cancelOnEngine(String jobId, Warm slot) {
        try {
            control.cancelRun(slot.engine, jobId);
        } catch (SandboxException e) {
            log.warn("job {}: the engine did not take the cancel ({})", jobId, e.code());
        }
    }

    @Override
    public boolean cancel(String jobId) {
        Warm slot = warm.get(jobId);
        if (slot == null) {
            return cold.cancel(jobId);
        }
        slot.cancelled = true;
        cancelOnEngine(jobId, slot);
        cold.cancel(jobId); // a run the engine did not take runs cold
        return true;
    }

    @Override
    public boolean stopLeftover(Job job, Optional<Long> pid) {
        return cold.stopLeftover(job, pid);
    }

    @Override
    public Optional<String> log(Path jobsDir, String jobId, int maxBytes) {
        return cold.log(jobsDir, jobId, maxBytes);
    }

    /** The launcher it wraps (tests, and code that must reach the cold launcher itself). */
    public JobLauncher cold() {
        return cold;
    }

    public void shutdown() {
        pool.shutdownNow();
    }
}

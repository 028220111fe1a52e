package org.shuyu.controller.adapter.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.config.SparkProperties;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobLogs;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.job.LogContext;
import org.shuyu.controller.job.RuntimeOutcomes;
import org.shuyu.controller.job.RuntimeRequests;
import org.shuyu.runtime.contract.RuntimeFiles;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeLaunch;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.SparkCluster;
import org.shuyu.runtime.contract.StandaloneLaunch;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import java.io.File;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Runs each job as a child JVM of the enforced Spark runtime ({@code org.shuyu.jobs.JobMain} of compute-jobs) with
 * a memory limit ({@code -Xmx}), a wall-time limit, a scrubbed environment (only the job's own credential and
 * salt), and its output confined to the job's directory. At most {@code max-concurrent} run at once; the
 * rest wait in order.
 *
 * <p>Jobs die with their controller: the runtime's stdin is a pipe only this process holds open, and the runtime
 * runs with {@code -Dshuyu.parentWatch=true}, which halts it when stdin reaches end-of-file or its parent is gone,
 * so a controller killed with {@code kill -9} takes its jobs along. What survives anyway (a runtime without the
 * watch) is found at the next start by its recorded process id ({@link #stopLeftover}).
 */
@Component
@ConditionalOnProperty(name = "sandbox.jobs.launcher", havingValue = "local", matchIfMissing = true)
public class LocalJobLauncher implements JobLauncher {
    private static final Logger log = LoggerFactory.getLogger(LocalJobLauncher.class);
    private final SandboxProperties.Jobs settings;
    private final RuntimeJson contract = new RuntimeJson();
    private final Optional<String> classpath;
    private final String unavailable;
    private final ExecutorService pool;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile String policyUrl;
    /** Present with {@code sandbox.spark.mode=standalone}: each job's tasks run on executors of its own there. */
    private final Optional<StandaloneCluster> cluster;
    private final int jobCores;

    private static final class Running {
        volatile Process process;
        /** The write end of the runtime's stdin: held open while the controller lives, never written. */
        volatile OutputStream stdin;
        volatile boolean cancelled;
        final Path dir;

        Running(Path dir) {
            this.dir = dir;
        }
    }

    public LocalJobLauncher(SandboxProperties properties) {
        this(properties, Optional.empty(), SparkProperties.defaults());
    }

    @Autowired
    public LocalJobLauncher(SandboxProperties properties, ObjectProvider<StandaloneCluster> cluster, SparkProperties spark) {
        this(properties, Optional.ofNullable(cluster.getIfAvailable()), spark);
    }

    LocalJobLauncher(SandboxProperties properties, Optional<StandaloneCluster> cluster, SparkProperties spark) {
        this.cluster = cluster;
        this.jobCores = spark.jobCores();
        this.settings = properties.jobs();
        this.policyUrl = settings.policyUrl();
        RuntimeClasspath.Found runtime = RuntimeClasspath.find(settings.runtimeClasspath());
        this.classpath = runtime.classpath();
        this.unavailable = runtime.reason();
        this.pool = Executors.newFixedThreadPool(settings.maxConcurrent(), r -> {
            Thread t = new Thread(r, "job-launcher");
            t.setDaemon(true);
            return t;
        });
        classpath.ifPresentOrElse(cp -> log.info("job runtime: {} class path entries", cp.split(File.pathSeparator).length),
                () -> log.warn("job runtime unavailable: {}", unavailable));
    }

    @EventListener
    public void onServer(WebServerInitializedEvent event) {
        if (settings.policyUrl() == null || settings.policyUrl().isBlank()) {
            policyUrl = "http://127.0.0.1:" + event.getWebServer().getPort();
        }
    }

    @Override
    public boolean available() {
        return classpath.isPresent() && policyUrl != null && !pool.isShutdown();
    }

    @Override
    public String unavailableReason() {
        if (classpath.isEmpty()) {
            return unavailable;
        }
        return policyUrl == null ? "the controller's own URL is not known yet (server starting)" : "the launcher is shut down";
    }

    @Override
    public CompletableFuture<Outcome> launch(Run run, BooleanSupplier onStart) {
        return launch(run, onStart, pid -> {});
    }

    @Override
    public CompletableFuture<Outcome> launch(Run run, BooleanSupplier onStart, LongConsumer onProcess) {
        Path dir = run.jobsDir().resolve(run.jobId());
        Running slot = new Running(dir);
        running.put(run.jobId(), slot);
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        pool.execute(() -> LogContext.inRun(run.jobId(), run.workspaceId(), () -> {
            Outcome outcome;
            try {
                outcome = execute(run, slot, onStart, onProcess);
            } catch (Throwable t) {
                log.error("job {} could not be run: {}", run.jobId(), t.getClass().getName());
                outcome = Outcome.of(JobState.FAILED, "LAUNCH_FAILED", "the runtime could not be run: " + t.getMessage());
            } finally {
                running.remove(run.jobId());
            }
            result.complete(outcome); // after the removal: once the outcome is known, nothing is left to cancel
        }));
        return result;
    }

    private Outcome execute(Run run, Running slot, BooleanSupplier onStart, LongConsumer onProcess)
            throws IOException, InterruptedException {
        if (slot.cancelled) {
            return Outcome.of(JobState.CANCELLED, "CANCELLED", "cancelled before it started");
        }
        Path dir = slot.dir;
        Files.createDirectories(dir.resolve("tmp"));
        RuntimeRequest request;
        Optional<SparkCluster> executors;
        try {
            executors = cluster.map(c -> c.driverCluster(jobCores));
        } catch (IllegalStateException e) {
            return Outcome.of(JobState.FAILED, "LAUNCH_FAILED", e.getMessage());
        }
        try {
            request = RuntimeRequests.of(run, policyUrl, settings.policyPollMillis(), settings.policyMaxStalenessMillis(),
                    dir.toAbsolutePath(), executors);
        } catch (IllegalArgumentException e) {
            return RuntimeOutcomes.invalidRequest(e);
        }
        Path config = dir.resolve(RuntimeFiles.REQUEST);
        Files.writeString(config, contract.write(request));
        if (!onStart.getAsBoolean()) {
            return Outcome.of(JobState.REFUSED, "NOT_STARTED", "the job was not started: its workspace is no longer open to its submitter");
        }
        ProcessBuilder builder = RuntimeCommand.builder(run, dir, config, settings.memory(), settings.jvmOptions(), classpath.orElseThrow());
        if (executors.isPresent()) {
            // The cluster's secret reaches the driver in its environment only (never runtime.json, never argv).
            builder.environment().put(StandaloneLaunch.AUTH_SECRET_ENV, cluster.orElseThrow().secret());
        }
        long started = System.nanoTime();
        Process process = builder.start();
        slot.stdin = process.getOutputStream();
        slot.process = process;
        if (slot.cancelled) {
            stop(process);
        }
        try {
            onProcess.accept(process.pid());
        } catch (RuntimeException e) {
            // Without its pid on record the job could not be found after a crash: it does not run.
            stop(process);
            throw e;
        }
        boolean exited = process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            stop(process);
            return new JobDirectory(dir, contract).withUsage(Outcome.of(JobState.FAILED, "TIMEOUT", "the job ran longer than "
                    + settings.timeout() + " and was stopped"), started);
        }
        if (slot.cancelled) {
            return Outcome.of(JobState.CANCELLED, "CANCELLED", "cancelled while running");
        }
        return new JobDirectory(dir, contract).outcome(process.exitValue(), started);
    }

    @Override
    public boolean cancel(String jobId) {
        Running slot = running.get(jobId);
        if (slot == null) {
            return false;
        }
        slot.cancelled = true;
        Process process = slot.process;
        if (process != null) {
            stop(process);
        }
        return true;
    }

    /**
     * Kills the runtime's whole process tree at once (SIGKILL): a cancelled job's statement must not finish, and
     * the runtime writes workspace tables so that a killed job leaves nothing half-written.
     */
    private static void stop(Process process) {
        kill(process.toHandle());
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void kill(ProcessHandle handle) {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
    }

    @Override
    public boolean stopLeftover(Job job, Optional<Long> pid) {
        if (pid.isEmpty() || running.containsKey(job.id())) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return false;
        }
        // The pid may have been reused since: only a process whose command line names the job is the job's runtime.
        Optional<String> commandLine = handle.get().info().commandLine();
        if (commandLine.isEmpty() || !commandLine.get().contains(RuntimeLaunch.MAIN_CLASS) || !commandLine.get().contains(job.id())) {
            log.warn("process {} recorded for job {} is {}: not stopped", pid.get(), job.id(),
                    commandLine.isEmpty() ? "not inspectable" : "another program now");
            return false;
        }
        kill(handle.get());
        try {
            handle.get().onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("process {} of job {} did not exit within 5 s of SIGKILL", pid.get(), job.id());
        }
        return true;
    }

    @Override
    public Optional<String> log(Path jobsDir, String jobId, int maxBytes) {
        return JobLogs.tail(jobsDir, jobId, maxBytes);
    }

    @jakarta.annotation.PreDestroy
    void shutdown() {
        pool.shutdownNow();
        running.values().forEach(slot -> {
            slot.cancelled = true;
            Optional.ofNullable(slot.process).ifPresent(LocalJobLauncher::stop);
        });
    }
}

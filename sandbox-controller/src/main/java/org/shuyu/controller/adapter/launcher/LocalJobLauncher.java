package org.shuyu.controller.adapter.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
    static final String MAIN_CLASS = "org.shuyu.jobs.JobMain";
    /** What a SNAPSHOT run leaves in its job directory: the Arrow IPC file, and its report. */
    static final String SNAPSHOT_FILE = "snapshot.arrow";
    static final String SNAPSHOT_JSON = "snapshot.json";
    /** Tells the runtime to halt when its stdin (a pipe from this controller) closes or its parent dies. */
    public static final String PARENT_WATCH = "-Dshuyu.parentWatch=true";
    /** Module opens Spark needs on Java 17 (what spark-submit's launcher passes). */
    static final List<String> OPENS = List.of("java.base/java.lang", "java.base/java.lang.invoke", "java.base/java.lang.reflect",
            "java.base/java.io", "java.base/java.net", "java.base/java.nio", "java.base/java.util", "java.base/java.util.concurrent",
            "java.base/java.util.concurrent.atomic", "java.base/jdk.internal.ref", "java.base/sun.nio.ch", "java.base/sun.nio.cs",
            "java.base/sun.security.action", "java.base/sun.util.calendar");

    /** The JVM options the runtime needs on Java 17 (also used for the Kubernetes driver pods). */
    public static List<String> runtimeJvmOptions() {
        List<String> options = new ArrayList<>();
        for (String open : OPENS) {
            options.add("--add-opens=" + open + "=ALL-UNNAMED");
        }
        options.add("-Djdk.reflect.useDirectMethodHandle=false");
        options.add("-Dio.netty.tryReflectionSetAccessible=true");
        return options;
    }

    private final SandboxProperties.Jobs settings;
    private final JsonMapper json;
    private final Optional<String> classpath;
    private final String unavailable;
    private final ExecutorService pool;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile String policyUrl;

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

    public LocalJobLauncher(SandboxProperties properties, JsonMapper json) {
        this.settings = properties.jobs();
        this.json = json;
        this.policyUrl = settings.policyUrl();
        RuntimeClasspath.Found runtime = RuntimeClasspath.find(settings.runtimeClasspath());
        this.classpath = runtime.classpath();
        this.unavailable = runtime.reason();
        this.pool = Executors.newFixedThreadPool(settings.maxConcurrent(), r -> {
            Thread t = new Thread(r, "job-launcher");
            t.setDaemon(true);
            return t;
        });
        classpath.ifPresentOrElse(cp -> log.info("job runtime: {} class path entries", cp.split(java.io.File.pathSeparator).length),
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
        pool.execute(() -> {
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
        });
        return result;
    }

    private Outcome execute(Run run, Running slot, BooleanSupplier onStart, LongConsumer onProcess)
            throws IOException, InterruptedException {
        if (slot.cancelled) {
            return Outcome.of(JobState.CANCELLED, "CANCELLED", "cancelled before it started");
        }
        Path dir = slot.dir;
        Files.createDirectories(dir.resolve("tmp"));
        Path config = dir.resolve("runtime.json");
        Files.writeString(config, json.writeValueAsString(runtimeConfig(run, policyUrl, settings, dir.toAbsolutePath().toString())));
        if (!onStart.getAsBoolean()) {
            return Outcome.of(JobState.REFUSED, "NOT_STARTED", "the job was not started: its workspace is no longer open to its submitter");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + settings.memory());
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
        command.add("-Duser.timezone=Asia/Shanghai");
        command.add(PARENT_WATCH);
        command.addAll(runtimeJvmOptions());
        command.add("-cp");
        command.add(classpath.orElseThrow());
        command.add(MAIN_CLASS);
        command.add(config.toString());
        // stdin stays a pipe (the default): its write end is held by this process alone, see the class comment.
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log.txt").toFile()));
        Map<String, String> env = builder.environment();
        Map<String, String> keep = new LinkedHashMap<>();
        for (String name : List.of("PATH", "LANG", "LC_ALL", "TZ")) {
            Optional.ofNullable(env.get(name)).ifPresent(v -> keep.put(name, v));
        }
        env.clear(); // nothing of the controller's environment (database passwords, tokens) reaches the job
        env.putAll(keep);
        env.put("HOME", dir.toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SHUYU_RUNTIME_TOKEN", run.runtimeToken());
        env.put("SHUYU_MASK_SALT", run.maskSalt());
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
            return withUsage(Outcome.of(JobState.FAILED, "TIMEOUT", "the job ran longer than " + settings.timeout() + " and was stopped"),
                    dir, started);
        }
        if (slot.cancelled) {
            return Outcome.of(JobState.CANCELLED, "CANCELLED", "cancelled while running");
        }
        return read(dir, process.exitValue(), started);
    }

    /**
     * The runtime config of docs/workspaces-and-jobs.md; also the Kubernetes launcher's (whose paths are the pod's), so
     * the two cannot drift apart.
     */
    public static Map<String, Object> runtimeConfig(Run run, String policyUrl, SandboxProperties.Jobs settings, String outputDir) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("jobId", run.jobId());
        c.put("kind", run.kind().name());
        c.put("user", run.user());
        c.put("workspaceId", run.workspaceId());
        c.put("serviceName", run.serviceName());
        c.put("workspaceDatabase", run.workspaceDatabase());
        c.put("workspaceDir", run.workspaceDir().toAbsolutePath().toString());
        c.put("warehouseDir", run.warehouseDir().toAbsolutePath().toString());
        c.put("filesDir", run.filesDir().toAbsolutePath().toString());
        c.put("policyUrl", policyUrl);
        c.put("policyPollMillis", settings.policyPollMillis());
        c.put("policyMaxStalenessMillis", settings.policyMaxStalenessMillis());
        List<Map<String, String>> sources = new ArrayList<>();
        for (Source s : run.sources()) {
            sources.add(Map.of("id", s.id(), "format", s.format(), "location", s.location().toAbsolutePath().toString(), "schema", s.schema()));
        }
        c.put("sources", sources);
        c.put("steps", run.steps());
        run.preview().ifPresent(p -> c.put("preview", Map.of("table", p.table(), "limit", p.limit())));
        run.snapshot().ifPresent(s -> c.put("snapshot", Map.of("table", s.table(), "maxRows", s.maxRows())));
        c.put("outputDir", outputDir);
        return c;
    }

    private Outcome read(Path dir, int exit, long started) throws IOException {
        Path statusFile = dir.resolve("status.json");
        if (!Files.exists(statusFile)) {
            return withUsage(withoutStatus(exit), dir, started);
        }
        JsonNode status = json.readTree(statusFile.toFile());
        JobState state = stateOf(status, exit);
        Optional<String> preview = Optional.empty();
        Path previewFile = dir.resolve("preview.json");
        if (state == JobState.SUCCEEDED && Files.exists(previewFile)) {
            preview = Optional.of(Files.readString(previewFile));
        }
        Outcome outcome = fromStatus(status, exit, usage(dir, started), preview);
        if (outcome.state() != JobState.SUCCEEDED || !Files.exists(dir.resolve(SNAPSHOT_JSON))) {
            return outcome;
        }
        return snapshotOutcome(outcome, dir);
    }

    /**
     * A runtime that ended without a status.json: the JVM's {@code -XX:+ExitOnOutOfMemoryError} exits with 3, the
     * runtime's parent watch halts with 4 when its controller is gone (docs/spark-enforcement.md); anything else crashed.
     */
    static Outcome withoutStatus(int exit) {
        return switch (exit) {
            case 3 -> Outcome.of(JobState.FAILED, "OUT_OF_MEMORY", "the runtime ran out of memory (exit code 3)");
            case 4 -> Outcome.of(JobState.FAILED, "ORPHANED", "the runtime stopped because its controller was gone (exit code 4)");
            default -> Outcome.of(JobState.FAILED, "RUNTIME_CRASHED", "the runtime exited with code " + exit
                    + " without reporting a status");
        };
    }

    /** A successful SNAPSHOT's file, from the snapshot.json the runtime wrote after snapshot.arrow. */
    private Outcome snapshotOutcome(Outcome outcome, Path dir) {
        Path file = dir.resolve(SNAPSHOT_FILE);
        try {
            JsonNode snapshot = json.readTree(dir.resolve(SNAPSHOT_JSON).toFile());
            long rows = snapshot.path("rows").asLong(-1);
            long bytes = snapshot.path("bytes").asLong(-1);
            if (rows < 0 || bytes < 0 || !Files.isRegularFile(file) || Files.size(file) != bytes) {
                return Outcome.of(JobState.FAILED, "SNAPSHOT_INCOMPLETE", "the runtime reported a snapshot of " + bytes
                        + " bytes but " + SNAPSHOT_FILE + " is missing or of another size");
            }
            return new Outcome(outcome.state(), outcome.code(), outcome.message(), outcome.step(), outcome.usage(),
                    outcome.previewJson(), Optional.of(new SnapshotFile(file, rows, bytes)));
        } catch (IOException | RuntimeException e) {
            log.warn("unreadable snapshot report in {}: {}", dir, e.getClass().getName());
            return Outcome.of(JobState.FAILED, "SNAPSHOT_INCOMPLETE", "the runtime's " + SNAPSHOT_JSON + " is unreadable");
        }
    }

    private static JobState stateOf(JsonNode status, int exit) {
        return switch (status.path("state").asString("FAILED")) {
            case "SUCCEEDED" -> exit == 0 ? JobState.SUCCEEDED : JobState.FAILED;
            case "REFUSED" -> JobState.REFUSED;
            default -> JobState.FAILED;
        };
    }

    /**
     * The outcome the runtime reported in its status.json ({@code state}, {@code code}, {@code message}, {@code step});
     * SUCCEEDED with a non-zero exit code counts as failed. The preview is kept only for a success. Shared with the
     * Kubernetes launcher.
     */
    public static Outcome fromStatus(JsonNode status, int exit, Optional<Usage> usage, Optional<String> preview) {
        JobState state = stateOf(status, exit);
        Optional<String> code = Optional.ofNullable(status.get("code")).filter(n -> !n.isNull()).map(JsonNode::asString);
        Optional<String> message = Optional.ofNullable(status.get("message")).filter(n -> !n.isNull()).map(JsonNode::asString);
        Optional<Integer> step = Optional.ofNullable(status.get("step")).filter(JsonNode::isNumber).map(JsonNode::asInt);
        return new Outcome(state, code, message, step, usage, state == JobState.SUCCEEDED ? preview : Optional.empty());
    }

    private Outcome withUsage(Outcome outcome, Path dir, long started) {
        return new Outcome(outcome.state(), outcome.code(), outcome.message(), outcome.step(), usage(dir, started), outcome.previewJson(),
                outcome.snapshot());
    }

    /** The runtime's own measurement if it wrote one; otherwise wall time only. */
    private Optional<Usage> usage(Path dir, long started) {
        long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Path metrics = dir.resolve("metrics.json");
        try {
            if (Files.exists(metrics)) {
                JsonNode m = json.readTree(metrics.toFile());
                return Optional.of(new Usage(m.path("cpuSeconds").asDouble(0), m.path("peakMemoryBytes").asLong(0),
                        m.path("wallMillis").asLong(wall)));
            }
        } catch (RuntimeException e) {
            log.warn("unreadable metrics {}: {}", metrics, e.getClass().getName());
        }
        return Optional.of(new Usage(0, 0, wall));
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
        if (commandLine.isEmpty() || !commandLine.get().contains(MAIN_CLASS) || !commandLine.get().contains(job.id())) {
            log.warn("process {} recorded for job {} is {}: not stopped", pid.get(), job.id(),
                    commandLine.isEmpty() ? "not inspectable" : "another program now");
            return false;
        }
        kill(handle.get());
        try {
            handle.get().onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("process {} of job {} did not exit within 5 s of SIGKILL", pid.get(), job.id());
        }
        return true;
    }

    @Override
    public Optional<String> log(Path jobsDir, String jobId, int maxBytes) {
        return logTail(jobsDir, jobId, maxBytes);
    }

    /** The end of {@code <jobsDir>/<jobId>/log.txt}, at most {@code maxBytes}; empty if there is none. */
    public static Optional<String> logTail(Path jobsDir, String jobId, int maxBytes) {
        Path file = jobsDir.resolve(jobId).resolve("log.txt");
        if (!file.normalize().startsWith(jobsDir.normalize()) || !Files.exists(file)) {
            return Optional.empty();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - maxBytes);
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

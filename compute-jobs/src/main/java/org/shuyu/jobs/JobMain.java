package org.shuyu.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.shuyu.jobs.authz.Enforcement;
import org.shuyu.jobs.authz.EnforcementException;
import org.shuyu.jobs.authz.PolicyDownloadClient;
import org.shuyu.jobs.authz.PolicyFreshness;
import org.shuyu.jobs.authz.RangerAuthorizer;
import org.shuyu.jobs.authz.SessionLock;
import org.shuyu.jobs.authz.ShuyuRangerPlugin;
import org.shuyu.jobs.authz.WorkspacePaths;
import org.shuyu.jobs.lineage.HttpLineageSink;
import org.shuyu.jobs.lineage.LineageCapture;
import org.shuyu.jobs.lineage.LineageDeliveryException;
import org.shuyu.jobs.runtime.JobMetrics;
import org.shuyu.jobs.runtime.JobRunner;
import org.shuyu.jobs.runtime.OutputFiles;
import org.shuyu.jobs.runtime.Outcomes;
import org.shuyu.jobs.runtime.ParentWatch;
import org.shuyu.jobs.runtime.SafeMessages;
import org.shuyu.jobs.runtime.PreviewResult;
import org.shuyu.jobs.runtime.SnapshotResult;
import org.shuyu.jobs.runtime.SnapshotTooLargeException;
import org.shuyu.jobs.runtime.SparkSessionFactory;
import org.shuyu.jobs.spec.RuntimeConfig;
import org.shuyu.runtime.contract.RuntimeExit;
import org.shuyu.runtime.contract.RuntimeFiles;
import org.shuyu.runtime.contract.RuntimeLaunch;
import org.shuyu.runtime.contract.RuntimeMetrics;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.RuntimeStatus;
import org.shuyu.runtime.contract.RuntimeRequest;

/**
 * The job runtime's entry point: {@code java -cp <runtime classpath> org.shuyu.jobs.JobMain <config.json>}.
 * Environment: {@code SHUYU_RUNTIME_TOKEN} (policy download bearer), {@code SHUYU_MASK_SALT} (hash mask salt).
 * Writes status.json, metrics.json, (PREVIEW) preview.json and (SNAPSHOT) snapshot.arrow with snapshot.json into the
 * configuration's outputDir and exits
 * 0 (succeeded), 1 (failed), 2 (refused) or 4 (orphaned: {@link ParentWatch}). A refusal or failure is also printed
 * as one line on stderr, the process's only other output besides progress lines (everything else goes to
 * {@code <outputDir>/internal/spark.log}).
 */
public final class JobMain {
    public static final int SUCCEEDED = RuntimeExit.SUCCEEDED.code();
    public static final int FAILED = RuntimeExit.FAILED.code();
    public static final int REFUSED = RuntimeExit.REFUSED.code();

    private final Map<String, String> env;
    private final PrintStream err;
    private final ObjectMapper mapper = new ObjectMapper();
    /** The step running now (0 = none), for an ORPHANED status written from the watcher thread. */
    private volatile int currentStep;
    /** The SparkSession once built (names for scrubbed messages). */
    private volatile SparkSession session;

    JobMain(Map<String, String> env, PrintStream err) {
        this.env = Map.copyOf(env);
        this.err = err;
    }

    /**
     * As the launcher runs it. Before anything else: the job's stdout and stderr are kept for platform lines only
     * (progress, the outcome, scrubbed errors), and {@code System.out}/{@code System.err} together with all Spark,
     * Hadoop and Ranger logging go to {@code <outputDir>/internal/spark.log}, which the API never serves; the Hadoop
     * user (what {@code current_user()} answers) is the job's user.
     */
    public static void main(String[] args) {
        PrintStream platformErr = System.err;
        PrintStream platformOut = System.out;
        OutputFiles.usePlatformOut(platformOut);
        if (args.length == 1) {
            RuntimeConfig.outputDirOf(Path.of(args[0])).ifPresent(dir -> internalLog(dir,
                    platformErr));
            userOf(Path.of(args[0])).ifPresent(user -> System.setProperty("HADOOP_USER_NAME", user));
        }
        int exit;
        try {
            exit = new JobMain(System.getenv(), platformErr).run(args);
        } catch (Throwable t) {
            // run() reports every failure itself; this is the last line of defence (no stack trace, no message)
            platformErr.println("FAILED " + JobsErrorCode.RUNTIME_ERROR + ": " + t.getClass().getName());
            exit = FAILED;
        }
        platformErr.flush();
        System.exit(exit);
    }

    /** Routes logging and the JVM's stdout/stderr to {@code <outputDir>/internal/spark.log}. */
    private static void internalLog(Path outputDir, PrintStream platformErr) {
        internalLog(outputDir, platformErr, "spark.log");
    }

    /**
     * Routes logging and the JVM's stdout/stderr to {@code <dir>/internal/<fileName>} (the warm engine uses
     * engine.log); if that file cannot be opened, everything but platform lines is discarded.
     */
    public static void internalLog(Path outputDir, PrintStream platformErr, String fileName) {
        try {
            Path internal = outputDir.resolve(INTERNAL_DIR);
            Files.createDirectories(internal);
            Path log = internal.resolve(fileName);
            System.setProperty("shuyu.internal.log", log.toString());
            System.setProperty("log4j2.configurationFile", "shuyu-job-log4j2.properties");
            PrintStream file = new PrintStream(new java.io.FileOutputStream(log.toFile(), true), true,
                    java.nio.charset.StandardCharsets.UTF_8);
            System.setOut(file);
            System.setErr(file);
        } catch (IOException | RuntimeException e) {
            // Fail closed: without the internal file nothing but platform lines may reach the job log.
            platformErr.println("cannot open the internal log (" + e.getClass().getSimpleName()
                    + "); Spark's logging is discarded");
            System.setProperty("shuyu.internal.log", "/dev/null");
            System.setProperty("log4j2.configurationFile", "shuyu-job-log4j2.properties");
            PrintStream nowhere = new PrintStream(java.io.OutputStream.nullOutputStream());
            System.setOut(nowhere);
            System.setErr(nowhere);
        }
    }

    /** The directory under outputDir for the runtime's own logs; never served by the controller. */
    public static final String INTERNAL_DIR = RuntimeFiles.INTERNAL_DIR;

    private static Optional<String> userOf(Path configFile) {
        try {
            com.fasterxml.jackson.databind.JsonNode user = new ObjectMapper().readTree(Files.readString(configFile))
                    .get("user");
            return user != null && user.isTextual() && !user.asText().isBlank() ? Optional.of(user.asText())
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    int run(String[] args) {
        long start = System.nanoTime();
        if (args.length != 1) {
            err.println("usage: JobMain <runtime-config.json>");
            return FAILED;
        }
        Path configFile = Path.of(args[0]);
        RuntimeConfig config;
        try {
            config = RuntimeConfig.read(configFile);
        } catch (IOException | RuntimeException e) {
            String message = "invalid runtime configuration " + configFile.getFileName() + ": " + configError(e);
            err.println("FAILED " + JobsErrorCode.INVALID_CONFIG + ": " + message);
            Optional<Path> outputDir = RuntimeConfig.outputDirOf(configFile);
            if (outputDir.isPresent()) {
                writeStatus(new OutputFiles(outputDir.get(), mapper), new RuntimeStatus(RuntimeStatus.State.FAILED,
                        JobsErrorCode.INVALID_CONFIG.name(), message, Optional.empty()));
            }
            return FAILED;
        }
        OutputFiles outputs = new OutputFiles(config.outputDir(), mapper);
        JobMetrics metrics = new JobMetrics(start);
        if (config.parentWatch() || Boolean.getBoolean(RuntimeLaunch.PARENT_WATCH_PROPERTY)) {
            ParentWatch.start(System.in, ProcessHandle.current().parent(), Duration.ofMillis(250),
                    reason -> orphaned(outputs, reason));
        }
        RuntimeStatus outcome = execute(config, metrics, outputs);
        try {
            outputs.metrics(new RuntimeMetrics(JobMetrics.cpuSeconds(), JobMetrics.peakMemoryBytes(),
                    metrics.wallMillis(), metrics.steps()));
        } catch (IOException e) {
            err.println("cannot write metrics.json: " + e.getClass().getSimpleName());
        }
        if (!writeStatus(outputs, outcome)) {
            return FAILED;
        }
        if (outcome.state() != RuntimeStatus.State.SUCCEEDED) {
            err.println(outcome.state() + " " + outcome.code() + ": " + outcome.message()
                    + outcome.step().map(s -> " (step " + s + ")").orElse(""));
        }
        return outcome.exit().code();
    }

    private RuntimeStatus execute(RuntimeConfig config, JobMetrics metrics, OutputFiles outputs) {
        String token = env.get(RuntimeLaunch.TOKEN_ENV);
        if (token == null || token.isBlank()) {
            return failed(JobsErrorCode.INVALID_CONFIG, RuntimeLaunch.TOKEN_ENV + " is not set", Optional.empty(),
                    Optional.empty());
        }
        Optional<String> salt = Optional.ofNullable(env.get(RuntimeLaunch.MASK_SALT_ENV)).filter(s -> !s.isEmpty());
        ShuyuRangerPlugin plugin = null;
        SparkSession spark = null;
        JobRunner runner = null;
        try {
            Files.createDirectories(config.filesDir());
            Files.createDirectories(config.warehouseDir());
            PolicyFreshness freshness = new PolicyFreshness(Clock.systemUTC(),
                    Duration.ofMillis(config.policyMaxStalenessMillis()));
            PolicyDownloadClient source = new PolicyDownloadClient(config.policyUrl(), config.serviceName(),
                    "shuyu-job@" + config.jobId(), token, freshness, Duration.ofSeconds(5));
            plugin = ShuyuRangerPlugin.start(config.serviceName(), config.policyPollMillis(), source, freshness);
            Enforcement enforcement = new Enforcement(config.user(), config.workspaceDatabase(),
                    new RangerAuthorizer(plugin, freshness, config.user()),
                    new WorkspacePaths(config.filesDir(), config.warehouseDir()), new SessionLock(), salt);
            spark = SparkSessionFactory.create("shuyu-" + config.jobId(), config.warehouseDir(), enforcement,
                    config.request().cluster());
            session = spark;
            HttpLineageSink sink = new HttpLineageSink(config.policyUrl(), config.jobId(), token,
                    Duration.ofMillis(config.lineageDeliveryTimeoutMillis()), mapper);
            runner = new JobRunner(spark, enforcement, config,
                    LineageCapture.of(spark, config, sink, Clock.systemUTC()));
            try {
                runner.setup();
            } catch (Exception | Error e) {
                SafeMessages.Failure failure = scrubber(config).failure(e, JobsErrorCode.SETUP_FAILED);
                return failed(failure.code(), "setup failed: " + failure.message(), Optional.empty(), salt);
            }
            if (config.kind() == RuntimeRequest.Kind.PREVIEW) {
                long t0 = System.nanoTime();
                try {
                    PreviewResult preview = runner.preview(config.preview().orElseThrow());
                    outputs.preview(preview);
                    return RuntimeStatus.succeeded("preview of " + config.preview().orElseThrow().table() + ": "
                            + preview.rows().size() + " rows");
                } catch (Exception | Error e) {
                    return outcomeOf(e, 1, salt, config);
                } finally {
                    metrics.step(1, (System.nanoTime() - t0) / 1_000_000L);
                }
            }
            if (config.kind() == RuntimeRequest.Kind.SNAPSHOT) {
                RuntimeRequest.Snapshot request = config.snapshot().orElseThrow();
                long t0 = System.nanoTime();
                try {
                    SnapshotResult snapshot = runner.snapshot(request);
                    outputs.snapshot(snapshot);
                    return RuntimeStatus.succeeded("snapshot of " + request.table() + ": " + snapshot.rows() + " rows, "
                            + snapshot.bytes() + " bytes");
                } catch (Exception | Error e) {
                    return outcomeOf(e, 1, salt, config);
                } finally {
                    metrics.step(1, (System.nanoTime() - t0) / 1_000_000L);
                }
            }
            int index = 0;
            for (String step : config.steps()) {
                index++;
                long t0 = System.nanoTime();
                // Progress only (never data): the controller's log shows where a job is.
                err.println(java.time.Instant.now() + " step " + index + "/" + config.steps().size() + " started");
                currentStep = index;
                try {
                    runner.runStep(index, step);
                } catch (Exception | Error e) {
                    err.println(java.time.Instant.now() + " step " + index + " stopped (see the status below)");
                    return outcomeOf(e, index, salt, config);
                } finally {
                    metrics.step(index, (System.nanoTime() - t0) / 1_000_000L);
                }
                err.println(java.time.Instant.now() + " step " + index + " done in " + (System.nanoTime() - t0) / 1_000_000L + " ms");
            }
            return RuntimeStatus.succeeded(index + " step(s) succeeded");
        } catch (Exception | Error e) {
            SafeMessages.Failure failure = scrubber(config).failure(e, JobsErrorCode.INTERNAL_ERROR);
            return failed(failure.code(), "job runtime error: " + failure.message(), Optional.empty(), salt);
        } finally {
            currentStep = 0;
            if (runner != null) {
                try {
                    runner.close();
                } catch (IOException e) {
                    err.println("cannot release the workspace lock: " + e.getClass().getSimpleName());
                }
            }
            if (spark != null) {
                try {
                    spark.stop();
                } catch (RuntimeException e) {
                    err.println("error stopping Spark: " + e.getClass().getSimpleName());
                }
            }
            if (plugin != null) {
                plugin.cleanup();
            }
        }
    }

    /** The status a failed or refused step reports (package-private for the sentinel property test). */
    RuntimeStatus outcomeOf(Throwable e, int step, Optional<String> salt, RuntimeConfig config) {
        return outcomes(scrubber(config), salt).of(e, step);
    }

    /** The shared outcome rules with this job's secrets (mask salt, runtime token). */
    private Outcomes outcomes(SafeMessages scrubber, Optional<String> salt) {
        List<String> secrets = new java.util.ArrayList<>();
        salt.ifPresent(secrets::add);
        Optional.ofNullable(env.get(RuntimeLaunch.TOKEN_ENV)).ifPresent(secrets::add);
        return new Outcomes(scrubber, secrets);
    }

    private SafeMessages scrubber(RuntimeConfig config) {
        List<String> statements = new java.util.ArrayList<>(config.steps());
        config.preview().ifPresent(p -> statements.add(p.table()));
        config.snapshot().ifPresent(s -> statements.add(s.table()));
        statements.add(config.workspaceDatabase());
        return SafeMessages.of(Optional.ofNullable(session), statements);
    }

    /** The parent died: report ORPHANED if possible, then stop at once (no shutdown hooks, no further writes). */
    private void orphaned(OutputFiles outputs, String reason) {
        int step = currentStep;
        try {
            writeStatus(outputs, new RuntimeStatus(RuntimeStatus.State.FAILED, JobsErrorCode.ORPHANED.name(),
                    "the runtime stopped: " + reason, step == 0 ? Optional.empty() : Optional.of(step)));
            err.println("FAILED " + JobsErrorCode.ORPHANED + ": " + reason);
            err.flush();
        } finally {
            Runtime.getRuntime().halt(ParentWatch.EXIT_ORPHANED);
        }
    }

    private RuntimeStatus failed(JobsErrorCode code, String message, Optional<Integer> step, Optional<String> salt) {
        return outcomes(new SafeMessages(java.util.Set.of()), salt).failed(code, message, step);
    }

    /** The configuration's own validation messages; a JSON syntax error is named by its class only. */
    private static String configError(Throwable e) {
        if (e instanceof IllegalArgumentException || e instanceof NullPointerException) {
            return firstLine(e);
        }
        return e.getClass().getSimpleName();
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.strip().lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    private boolean writeStatus(OutputFiles outputs, RuntimeStatus outcome) {
        try {
            outputs.status(outcome);
            return true;
        } catch (IOException e) {
            err.println("cannot write status.json: " + e.getClass().getSimpleName());
            return false;
        }
    }
}

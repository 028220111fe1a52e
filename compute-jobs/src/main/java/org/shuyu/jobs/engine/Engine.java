package org.shuyu.jobs.engine;

import org.shuyu.jobs.engine.connect.ConnectGuards;
import org.shuyu.jobs.engine.connect.ConnectLimits;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import org.shuyu.jobs.authz.Enforcement;
import org.shuyu.jobs.authz.EnforcementResolver;
import org.shuyu.jobs.authz.PolicyDownloadClient;
import org.shuyu.jobs.authz.PolicyFreshness;
import org.shuyu.jobs.authz.RangerAuthorizer;
import org.shuyu.jobs.authz.SessionLock;
import org.shuyu.jobs.authz.ShuyuAuthzExtension;
import org.shuyu.jobs.authz.ShuyuRangerPlugin;
import org.shuyu.jobs.authz.WorkspacePaths;
import org.shuyu.jobs.runtime.JobMetrics;
import org.shuyu.jobs.runtime.JobRunner;
import org.shuyu.runtime.contract.EngineFiles;
import org.shuyu.runtime.contract.EngineHealth;
import org.shuyu.runtime.contract.EngineReady;
import org.shuyu.runtime.contract.EngineRequest;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.SparkCluster;
import org.shuyu.jobs.runtime.SparkSessionFactory;

/**
 * One warm workspace engine (docs/engine.md): one Spark context ({@code local[cores]}, FAIR scheduler, no UI), the
 * workspace's policies from the controller with the engine credential, the privileged setup once (sources and the
 * workspace database) on the root session, which is then refused everything; member sessions
 * ({@link MemberSessions}) with their own enforcement; statements ({@link EngineStatements}), batch runs
 * ({@link EngineRuns}) and Spark Connect executions ({@link ConnectExecutions}); the control API
 * ({@link ControlServer}) and Spark Connect ({@link EngineConnect}) on {@code bindHost}; {@code ready.json} written
 * atomically last.
 */
public final class Engine implements AutoCloseable {
    private final EngineRequest request;
    private final long startNanos = System.nanoTime();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private ShuyuRangerPlugin plugin;
    private SparkSession root;
    private MemberSessions sessions;
    private EngineStatements statements;
    private EngineRuns runs;
    private ConnectExecutions connectExecutions;
    private ControlServer control;
    private boolean connectStarted;
    private int connectPort;
    private EngineReady ready;

    private Engine(EngineRequest request) {
        this.request = requireNonNull(request, "request is null");
    }

    /**
     * Starts an engine: {@code engineToken} authenticates the engine towards the controller, {@code secret} is what
     * the controller presents to the engine; {@code maskSalt} the hash mask salt, if any.
     */
    public static Engine start(EngineRequest request, String engineToken, String secret, Optional<String> maskSalt)
            throws Exception {
        Engine engine = new Engine(request);
        try {
            engine.boot(requireText(engineToken, "engine token"), requireText(secret, "engine secret"), maskSalt);
            return engine;
        } catch (Exception | Error e) {
            engine.close();
            throw e;
        }
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }

    private void boot(String engineToken, String secret, Optional<String> maskSalt) throws Exception {
        Path warehouse = request.warehouseDir().normalize();
        Files.createDirectories(request.filesDir().normalize());
        Files.createDirectories(warehouse);
        String database = request.workspaceDatabase().toLowerCase(java.util.Locale.ROOT);
        URI controller = URI.create(request.controllerUrl());
        PolicyFreshness freshness = new PolicyFreshness(Clock.systemUTC(),
                Duration.ofMillis(request.policyMaxStalenessMillis()));
        PolicyDownloadClient source = new PolicyDownloadClient(controller, request.serviceName(),
                "shuyu-engine@" + request.engineId(), engineToken, freshness, Duration.ofSeconds(5));
        plugin = ShuyuRangerPlugin.start(request.serviceName(), request.policyPollMillis(), source, freshness);
        ShuyuRangerPlugin policies = plugin;
        Enforcement rootEnforcement = new Enforcement("shuyu-engine@" + request.engineId(), database,
                new RangerAuthorizer(policies, freshness, "shuyu-engine@" + request.engineId()),
                new WorkspacePaths(request.filesDir().normalize(), warehouse), new SessionLock(), maskSalt);
        // The extension exists before the member registry (it is built with the session): until then the only
        // session is the root, in its privileged setup.
        AtomicReference<MemberSessions> registry = new AtomicReference<>();
        EnforcementResolver resolver = session -> {
            MemberSessions members = registry.get();
            return members == null ? rootEnforcement : members.resolve(session);
        };
        connectPort = EngineConnect.portFor(request.bindHost(), request.connectPort());
        SparkCluster where = request.cluster().orElse(SparkCluster.local(request.cores()));
        // The launcher's settings first (the driver listens on 127.0.0.1 unless executors must reach it elsewhere):
        // the engine's own below always win.
        SparkSession.Builder builder = SparkSession.builder()
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1");
        SparkSessionFactory.applyCluster(builder, where);
        builder.master(where.master())
                .appName("shuyu-engine-" + request.engineId())
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.catalogImplementation", "in-memory")
                .config("spark.sql.warehouse.dir", warehouse.toAbsolutePath().toUri().toString())
                .config("spark.sql.runSQLOnFiles", "false")
                .config("spark.sql.shuffle.partitions", Integer.toString(request.cores() * 2))
                .config("spark.sql.sources.default", "parquet")
                .config("spark.scheduler.mode", "FAIR")
                // ${key} in a statement would be replaced by any setting's value (SQL text reading the config): off,
                // and locked like every explicitly set key
                .config("spark.sql.variable.substitute", "false")
                // The JVM client compresses plans above this size; compressed plans are refused by the Connect guard
                // (it cannot see into them), so clients are told never to compress.
                .config("spark.connect.session.planCompression.threshold", Integer.toString(Integer.MAX_VALUE))
                .withExtensions(new ShuyuAuthzExtension(resolver));
        EngineConnect.configure(builder, request.bindHost(), connectPort, secret);
        root = builder.getOrCreate();
        resources.add(JobRunner.engineSetup(root, rootEnforcement, request.sources(), database, warehouse));
        sessions = new MemberSessions(root, rootEnforcement, user -> new RangerAuthorizer(policies, freshness, user));
        registry.set(sessions);
        sessions.rootSetupDone();

        GroupMetrics metrics = new GroupMetrics();
        root.sparkContext().addSparkListener(metrics);
        List<String> secrets = new ArrayList<>(List.of(engineToken, secret));
        maskSalt.ifPresent(secrets::add);
        EngineStatements.Settings settings = new EngineStatements.Settings(controller, request.sources(), database,
                request.policyPollMillis(), Duration.ofMillis(request.lineageDeliveryTimeoutMillis()),
                request.maxResultRows(), secrets);
        ControllerClient client = new ControllerClient(controller, request.engineId(), engineToken,
                Duration.ofMillis(Math.max(5_000, request.lineageDeliveryTimeoutMillis())));
        statements = new EngineStatements(root.sparkContext(), sessions, metrics, client, settings,
                Math.max(4, request.cores() * 4));
        runs = new EngineRuns(statements, sessions, settings, request.workspaceId());
        connectExecutions = new ConnectExecutions(sessions, client, settings, metrics);
        root.sparkContext().addSparkListener(connectExecutions);
        sessions.onConnectCheck(connectExecutions::onAnalysed);

        control = new ControlServer(request.bindHost(), request.controlPort(), secret, sessions, statements, runs,
                this::health, this::close);
        // The Connect guard (engine.connect) decides every Spark Connect call before Spark handles it; it is installed
        // before the service starts, and a call that arrives without it is refused.
        ConnectGuards.install(secret, new ConnectLimits(request.maxResultRows(), database), sessions::bind,
                connectExecutions::accepted);
        connectPort = EngineConnect.start(root.sparkContext());
        connectStarted = true;
        ready = new EngineReady(request.engineId(), ProcessHandle.current().pid(), control.port(), connectPort,
                (System.nanoTime() - startNanos) / 1_000_000L);
        writeReady(request.engineDir(), ready);
    }

    /** Writes ready.json through a temporary file and an atomic move: a reader sees all of it or nothing. */
    static void writeReady(Path engineDir, EngineReady ready) throws IOException {
        Files.createDirectories(engineDir);
        Path tmp = Files.createTempFile(engineDir, ".ready", ".tmp");
        Files.writeString(tmp, new RuntimeJson().write(ready), StandardCharsets.UTF_8);
        Files.move(tmp, engineDir.resolve(EngineFiles.READY), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    public EngineHealth health() {
        return new EngineHealth(request.engineId(), sessions.size(), statements.runningCount() + connectExecutions.open(),
                JobMetrics.cpuSeconds(), heapUsed(), JobMetrics.residentBytes(),
                (System.nanoTime() - startNanos) / 1_000_000L,
                connectExecutions.open() > 0 ? 0 : statements.idleMillis());
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public EngineReady ready() {
        return ready;
    }

    public MemberSessions sessions() {
        return sessions;
    }

    public EngineStatements statements() {
        return statements;
    }

    public ConnectExecutions connectExecutions() {
        return connectExecutions;
    }

    public SparkSession root() {
        return root;
    }

    /** Blocks until the engine stopped. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Cancels everything and stops (idempotent). */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            if (statements != null) {
                statements.close();
            }
            if (control != null) {
                control.close();
            }
            if (connectStarted) {
                try {
                    EngineConnect.stop();
                } catch (RuntimeException e) {
                    // stopping anyway
                } finally {
                    ConnectGuards.uninstall();
                }
            }
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // the OS releases the lock when the process ends
                }
            }
            if (root != null) {
                root.stop();
            }
            if (plugin != null) {
                plugin.cleanup();
            }
        } finally {
            stopped.countDown();
        }
    }
}

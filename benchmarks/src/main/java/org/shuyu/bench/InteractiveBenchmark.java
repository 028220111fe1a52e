package org.shuyu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.shuyu.controller.catalog.DatasetRegistration;
import org.shuyu.controller.catalog.DemoCatalog;
import org.shuyu.runtime.contract.EngineLaunch;

/**
 * Issue 16's interactive benchmark (not a unit test): bare Spark Connect against the enforced warm engine, side by side
 * in ONE run on this machine, the same CSV data and the same queries. Why this class is long: it is the script of the
 * whole run (setup, eight measured phases, the result table); the processes, the client and the platform calls are in
 * {@link ControllerProcess}, {@link SparkConnectServerProcess}, {@link ConnectClientProcess}, {@link InteractivePlatform}.
 *
 * <p>Bare side: Spark's own {@code SparkConnectServer} ({@link SparkConnectServerProcess}: the job runtime's class path,
 * {@code local[cores]}, {@code -Xmx} = the engine's memory, the engine's {@code spark.sql.shuffle.partitions}) over the
 * controller's demo CSV files, registered as CSV tables with the catalog's schemas. Enforced side: the controller
 * ({@link ControllerProcess}, embedded mode) with its warm engines, reached through its Spark Connect endpoint with a
 * member's bearer token and {@code x-shuyu-workspace} (and through the REST statements API for the latency rows), on
 * granted workspaces of {@code registry.enterprises} and {@code tax.payments} whose masks are active. The Spark Connect
 * client runs in its own JVM ({@link ConnectClientProcess}); all statement times are measured there.
 *
 * <p>Phases: cold batch job (no engine), cold session, warm statement latency (trivial and join + aggregate, the two
 * sides interleaved round by round so that load from elsewhere hits both), new (member) session on a warm server,
 * idle CPU and RSS, per additional session, 20 concurrent sessions over 4 workspaces, client cancel (bare) and
 * revocation to cancelled statement (enforced), batch job on the warm engine. {@code -Dbench.interactive.sides=bare}
 * runs the bare side and the cold batch baseline only. Prints progress lines and a Markdown table (also written to
 * {@code results.md} in the run directory); exits 2 when a side cannot start, 1 on any statement error in the
 * concurrency phase, a failed trial or batch job, or a phase that failed (reported as a FAILURE line; the other phases
 * still run and the table is printed). Settings are the {@code bench.interactive.*} system properties below.
 */
public final class InteractiveBenchmark {
    private static final String SIDES = System.getProperty("bench.interactive.sides", "both");
    private static final int CORES = Integer.getInteger("bench.interactive.cores", 2);
    private static final int MEMORY_MB = Integer.getInteger("bench.interactive.memoryMb", 1024);
    /** 0: ask the warm engine ({@code spark.conf.get}); the fallback when that is refused or there is no engine. */
    private static final int PARTITIONS = Integer.getInteger("bench.interactive.partitions", 0);
    private static final int DEFAULT_PARTITIONS = 8;
    private static final int WORKSPACES = Integer.getInteger("bench.interactive.workspaces", 4);
    private static final int WARMUP = Integer.getInteger("bench.interactive.warmup", 20);
    private static final int ROUNDS = Integer.getInteger("bench.interactive.rounds", 10);
    private static final int PER_ROUND = Integer.getInteger("bench.interactive.perRound", 10);
    private static final int NEW_SESSIONS = Integer.getInteger("bench.interactive.newSessions", 10);
    private static final int EXTRA_SESSIONS = Integer.getInteger("bench.interactive.extraSessions", 5);
    private static final int IDLE_SECONDS = Integer.getInteger("bench.interactive.idleSeconds", 60);
    private static final int CONCURRENT = Integer.getInteger("bench.interactive.concurrent", 20);
    private static final int LOAD_SECONDS = Integer.getInteger("bench.interactive.loadSeconds", 30);
    private static final int TRIALS = Integer.getInteger("bench.interactive.trials", 20);
    private static final int RUN_MILLIS = Integer.getInteger("bench.interactive.runMillis", 1500);
    private static final int BATCH_REPS = Integer.getInteger("bench.interactive.batchReps", 3);
    private static final String HEAP = System.getProperty("bench.interactive.controllerHeap", "1g");
    private static final Path DIR = Path.of(System.getProperty("bench.interactive.dir", "target/interactive-bench"));
    private static final Path RUNTIME_CLASSPATH = Path.of(System.getProperty("bench.interactive.runtimeClasspath",
            "../compute-jobs/target/runtime-classpath.txt")).toAbsolutePath().normalize();
    private static final Path CLIENT_DIR = Path.of(System.getProperty("bench.interactive.clientDir", "connect-client"))
            .toAbsolutePath().normalize();
    private static final String ENGINE_MAIN = System.getProperty("bench.interactive.engineMain", EngineLaunch.MAIN_CLASS);
    private static final String ENGINE_MARKER = "-Dshuyu.engine=";
    private static final String CONNECT_URL = System.getProperty("bench.interactive.connectUrl",
            "sc://localhost:{port}/;token={token};x-shuyu-workspace={workspace}");
    private static final String CONTROLLER_ARGS = System.getProperty("bench.interactive.controllerArgs", "");
    static final String TRIVIAL = System.getProperty("bench.interactive.trivialSql",
            "SELECT uscc, name, legal_rep_name FROM registry.enterprises LIMIT 1");
    static final String JOIN = System.getProperty("bench.interactive.joinSql",
            "SELECT e.industry, count(*) AS payments, sum(t.amount) AS total FROM registry.enterprises e"
                    + " JOIN tax.payments t ON e.uscc = t.uscc GROUP BY e.industry");
    static final String LONG = System.getProperty("bench.interactive.longSql",
            "SELECT count(*) FROM tax.payments a CROSS JOIN tax.payments b CROSS JOIN registry.enterprises c"
                    + " WHERE a.amount + b.amount > c.registered_capital");
    private static final Duration STATEMENT = Duration.ofSeconds(Long.getLong("bench.interactive.timeout", 120));

    private final Results results = new Results();
    private final boolean enforced = !SIDES.equals("bare");
    private final boolean bare = !SIDES.equals("enforced");
    private final String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    private ControllerProcess controller;
    private BenchApi api;
    private InteractivePlatform platform;
    private ConnectClientProcess client;
    private SparkConnectServerProcess bareServer;
    private int connectPort;
    private int failures;
    private final Map<String, Long> enginePids = new LinkedHashMap<>();

    private InteractiveBenchmark() {}

    public static void main(String[] args) throws Exception {
        InteractiveBenchmark bench = new InteractiveBenchmark();
        int status;
        try {
            status = bench.run();
        } catch (SideUnavailable e) {
            System.out.println("[interactive] FAILED: " + e.getMessage());
            status = 2;
        } finally {
            bench.cleanup();
        }
        System.exit(status);
    }

    /** A side that cannot start (controller, engine, Connect endpoint, bare server): exit 2 with this message. */
    static final class SideUnavailable extends RuntimeException {
        SideUnavailable(String message, Throwable cause) {
            super(message + (cause == null ? "" : ": " + cause.getMessage()), cause);
        }
    }

    private int run() throws Exception {
        if (!Set.of("both", "bare", "enforced").contains(SIDES)) {
            throw new IllegalArgumentException("bench.interactive.sides must be both, bare or enforced, got " + SIDES);
        }
        Path runDir = DIR.resolve("run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now()))
                .toAbsolutePath();
        Files.createDirectories(runDir);
        print("setup", String.format(Locale.ROOT, "sides %s, engine and bare server local[%d] -Xmx%dm, %d workspaces, %d processors"
                + " here (shared with anything else running), load average %s, run dir %s", SIDES, CORES, MEMORY_MB, WORKSPACES,
                Runtime.getRuntime().availableProcessors(), loadAverage(), runDir));
        if (!Files.isRegularFile(RUNTIME_CLASSPATH)) {
            throw new SideUnavailable("no job runtime class path at " + RUNTIME_CLASSPATH
                    + " (run mvn -o -q -pl compute-jobs -am package -DskipTests first, or scripts/interactive-benchmark.sh)", null);
        }
        startController(runDir);
        List<InteractivePlatform.Grant> grants = new ArrayList<>();
        for (int g = 0; g < WORKSPACES; g++) {
            grants.add(platform.activeGrant(g, g == 0 ? List.of("engineer", "engineer2") : List.of("engineer")));
        }
        print("seed", WORKSPACES + " ACTIVE grants with vetted members (engineer; engineer2 too on the first): "
                + grants.stream().map(InteractivePlatform.Grant::workspaceId).toList());
        client = ConnectClientProcess.start(CLIENT_DIR, runDir.resolve("connect-client.log"), "1g");
        InteractivePlatform.Grant last = grants.get(grants.size() - 1);
        List<InteractivePlatform.JobRun> coldJobs = batchJobs(last, "cold");

        int partitions = PARTITIONS > 0 ? PARTITIONS : DEFAULT_PARTITIONS;
        InteractivePlatform.Grant first = grants.get(0);
        double coldEnforced = Double.NaN;
        if (enforced) {
            coldEnforced = coldSession(first);
            if (PARTITIONS <= 0) {
                ConnectClientProcess.Answer conf = client.call(STATEMENT, "conf", "e", "spark.sql.shuffle.partitions");
                if (conf.ok()) {
                    partitions = Integer.parseInt(conf.field(3).strip());
                    print("engine", "spark.sql.shuffle.partitions of the warm engine: " + partitions + " (the bare server uses the same)");
                } else {
                    print("engine", "could not read the engine's spark.sql.shuffle.partitions (" + conf + "): the bare server uses "
                            + partitions + "; set -Dbench.interactive.partitions to the engine's value");
                }
            }
        }
        double coldBare = Double.NaN;
        if (bare) {
            coldBare = startBare(runDir, partitions);
        }
        results.row("Cold session: first statement answered (s)", coldBare, coldEnforced, Double.NaN, "enforced < 5 s",
                coldEnforced < 5.0);

        // Each phase on its own: a failing phase is reported (and fails the run) but the others still give their rows.
        phase("warm latency", () -> warmLatency(first));
        phase("new sessions", () -> newSessions(first));
        phase("idle and per session", () -> idleAndPerSession(first, runDir));
        phase("concurrency", () -> concurrency(grants));
        if (bare) {
            phase("cancel baseline", this::cancelBaseline);
            bareServer.close();
            bareServer = null;
        }
        List<InteractivePlatform.JobRun> warmJobs = new ArrayList<>();
        if (enforced) {
            phase("batch on the warm engine", () -> warmJobs.addAll(batchJobs(last, "warm")));
        }
        batchRows(coldJobs, warmJobs);
        if (enforced) {
            phase("revocation", () -> revocation(first));
        }
        String table = results.markdown();
        System.out.println();
        System.out.println(table);
        Files.writeString(runDir.resolve("results.md"), table);
        print("done", "results in " + runDir.resolve("results.md") + (failures == 0 ? "" : "; " + failures + " FAILURES (see above)"));
        return failures == 0 ? 0 : 1;
    }

    /** One measured phase. */
    @FunctionalInterface
    interface Phase {
        void run() throws Exception;
    }

    /** Runs a phase; an error in it is a FAILURE line and a failed run, and the next phase still runs. */
    private void phase(String name, Phase phase) throws InterruptedException {
        try {
            phase.run();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | AssertionError e) {
            failures++;
            print(name, "FAILURE: " + e + " (controller log " + controller.log() + ", client log " + client.log() + ")");
        }
    }

    private void startController(Path runDir) throws IOException, InterruptedException {
        connectPort = ControllerProcess.freePort();
        List<String> settings = new ArrayList<>(List.of("--logging.level.root=WARN", "--logging.level.org.shuyu=INFO",
                "--sandbox.jobs.runtime-classpath=@" + RUNTIME_CLASSPATH,
                "--sandbox.engines.cores=" + CORES, "--sandbox.engines.memory-mb=" + MEMORY_MB,
                "--sandbox.engines.batch-on-warm-engine=true",
                // One engine per workspace at once: admit them all (the bench overcommits this machine on purpose).
                "--sandbox.admission.capacity.cores=" + CORES * (WORKSPACES + 1),
                "--sandbox.admission.capacity.memory-mb=" + MEMORY_MB * (WORKSPACES + 1) * 2,
                "--sandbox.connect.port=" + connectPort, "--sandbox.connect.allow-insecure-plaintext=true"));
        Arrays.stream(CONTROLLER_ARGS.split("\\s+")).filter(s -> !s.isBlank()).forEach(settings::add);
        controller = new ControllerProcess(runDir.resolve("data"), runDir, ControllerProcess.freePort(), HEAP, settings);
        try {
            double started = controller.start(Duration.ofSeconds(300));
            print("start", String.format(Locale.ROOT, "controller pid %d healthy in %.1f s, REST %s, Connect port %d (log %s)",
                    controller.pid(), started, controller.baseUrl(), connectPort, controller.log()));
        } catch (IllegalStateException e) {
            throw new SideUnavailable("the controller did not start", e);
        }
        api = new BenchApi(BenchApi.newClient(), controller.baseUrl(), STATEMENT);
        platform = new InteractivePlatform(api, run);
    }

    private String enforcedUrl(String user, InteractivePlatform.Grant grant) throws IOException, InterruptedException {
        return CONNECT_URL.replace("{port}", Integer.toString(connectPort)).replace("{token}", api.token(user))
                .replace("{workspace}", grant.workspaceId());
    }

    /** The first statement on a workspace with no engine: opens the session, the engine starts, the statement runs. */
    private double coldSession(InteractivePlatform.Grant grant) throws IOException, InterruptedException {
        Set<Long> before = engines();
        ConnectClientProcess.Answer cold = client.call(Duration.ofSeconds(300), "first", "e", enforcedUrl("engineer", grant), TRIVIAL);
        if (!cold.ok()) {
            throw new SideUnavailable("enforced side: the first Connect statement on " + grant.workspaceId() + " failed (controller log "
                    + controller.log() + ", client log " + client.log() + ")", new IllegalStateException(cold.toString()));
        }
        double seconds = Long.parseLong(cold.field(3)) / 1e6;
        print("cold", String.format(Locale.ROOT, "enforced: first Connect statement on %s (engine started for it) in %.2f s",
                grant.workspaceId(), seconds));
        Set<Long> after = engines();
        after.removeAll(before);
        if (after.size() == 1) {
            enginePids.put(grant.workspaceId(), after.iterator().next());
            print("cold", "engine of " + grant.workspaceId() + ": pid " + after.iterator().next());
        } else {
            print("cold", "WARNING: " + after.size() + " new engine processes (" + ENGINE_MAIN + ") under the controller: no engine CPU/RSS rows");
        }
        return seconds;
    }

    /** Starts the bare server, registers the same CSV files as tables, and times JVM start to the first answered statement. */
    private double startBare(Path runDir, int partitions) throws IOException, InterruptedException {
        try {
            bareServer = SparkConnectServerProcess.start(RUNTIME_CLASSPATH, CORES, MEMORY_MB, partitions, runDir.resolve("bare"));
            double listening = bareServer.awaitListening(Duration.ofSeconds(300));
            client.require(STATEMENT, "bare side: open a session", "open", "b", bareServer.url());
            Path sources = runDir.resolve("data").resolve("sources");
            for (DatasetRegistration dataset : DemoCatalog.DATASETS) {
                if (!Set.of("registry.enterprises", "tax.payments").contains(dataset.id())) {
                    continue;
                }
                String namespace = dataset.id().substring(0, dataset.id().indexOf('.'));
                String table = dataset.id().substring(dataset.id().indexOf('.') + 1);
                String schema = dataset.columns().stream().map(c -> c.name() + " " + c.type().toUpperCase(Locale.ROOT))
                        .collect(Collectors.joining(", "));
                client.require(STATEMENT, "bare side: database", "sql", "b", "1", "CREATE DATABASE IF NOT EXISTS " + namespace);
                client.require(STATEMENT, "bare side: table " + dataset.id(), "sql", "b", "1", "CREATE TABLE IF NOT EXISTS "
                        + dataset.id() + " (" + schema + ") USING csv OPTIONS (header 'true', path '"
                        + sources.resolve(namespace).resolve(table) + "')");
            }
            client.require(STATEMENT, "bare side: first statement", "sql", "b", "1", TRIVIAL);
            double cold = (System.nanoTime() - bareServer.startedNanos()) / 1e9;
            print("cold", String.format(Locale.ROOT, "bare: Spark Connect server pid %d listening after %.2f s, tables registered and"
                    + " first statement answered %.2f s after its JVM started (log %s)", bareServer.pid(), listening, cold, bareServer.log()));
            return cold;
        } catch (IllegalStateException e) {
            throw new SideUnavailable("bare side: Spark's Spark Connect server did not start or answer", e);
        }
    }

    /** Warm statement latency, the sides interleaved round by round; REST statements for the enforced side too. */
    private void warmLatency(InteractivePlatform.Grant grant) throws IOException, InterruptedException {
        Map<String, List<Long>> samples = new LinkedHashMap<>();
        for (String query : List.of("trivial", "join")) {
            String sql = query.equals("trivial") ? TRIVIAL : JOIN;
            for (String side : sides()) {
                String session = side.equals("bare") ? "b" : "e";
                client.require(STATEMENT, side + " warm-up " + query, "sql", session, Integer.toString(WARMUP), sql);
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (String side : sides()) {
                    String session = side.equals("bare") ? "b" : "e";
                    ConnectClientProcess.Answer a = client.require(STATEMENT, side + " " + query, "sql", session,
                            Integer.toString(PER_ROUND), sql);
                    List<Long> list = samples.computeIfAbsent(side + " " + query, k -> new ArrayList<>());
                    Arrays.stream(a.micros(4)).forEach(list::add);
                }
            }
            print("warm", query + ": " + samples.entrySet().stream().filter(e -> e.getKey().endsWith(query))
                    .map(e -> e.getKey() + " p50 " + Results.ms(e.getValue(), 0.5) + " ms p99 " + Results.ms(e.getValue(), 0.99) + " ms")
                    .collect(Collectors.joining(", ")));
        }
        Map<String, List<Long>> rest = enforced ? new RestStatements(api, grant).latencies(List.of("trivial", "join")) : Map.of();
        for (String query : List.of("trivial", "join")) {
            List<Long> b = samples.getOrDefault("bare " + query, List.of());
            List<Long> e = samples.getOrDefault("enforced " + query, List.of());
            List<Long> r = rest.getOrDefault(query, List.of());
            for (double q : new double[] {0.5, 0.99}) {
                double bm = Results.millis(b, q);
                double em = Results.millis(e, q);
                String goal = q == 0.5 ? "enforced/bare <= 1.2, enforced < 300 ms" : "enforced/bare <= 1.2";
                boolean met = em / bm <= 1.2 && (q != 0.5 || em < 300);
                results.row(String.format(Locale.ROOT, "Warm %s statement p%d (ms)", query.equals("trivial") ? "trivial" : "join + aggregate",
                        (int) Math.round(q * 100)), bm, em, Results.millis(r, q), goal, met);
            }
        }
    }

    private List<String> sides() {
        List<String> sides = new ArrayList<>();
        if (bare) {
            sides.add("bare");
        }
        if (enforced) {
            sides.add("enforced");
        }
        return sides;
    }

    /** New sessions on a warm server: open + first statement. Enforced: the first one is a new member (engineer2). */
    private void newSessions(InteractivePlatform.Grant grant) throws IOException, InterruptedException {
        List<Long> bareTimes = new ArrayList<>();
        List<Long> enforcedTimes = new ArrayList<>();
        double newMember = Double.NaN;
        for (int i = 0; i < NEW_SESSIONS; i++) {
            if (bare) {
                ConnectClientProcess.Answer a = client.require(STATEMENT, "bare new session", "first", "bn" + i, bareServer.url(), TRIVIAL);
                bareTimes.add(Long.parseLong(a.field(3)));
                client.require(STATEMENT, "close", "close", "bn" + i);
            }
            if (enforced) {
                String user = i % 2 == 0 ? "engineer2" : "engineer";
                ConnectClientProcess.Answer a = client.require(STATEMENT, "enforced new session (" + user + ")", "first", "en" + i,
                        enforcedUrl(user, grant), TRIVIAL);
                enforcedTimes.add(Long.parseLong(a.field(3)));
                if (i == 0) {
                    newMember = Long.parseLong(a.field(3)) / 1000.0;
                }
                client.require(STATEMENT, "close", "close", "en" + i);
            }
        }
        print("session", "new session + first statement on a warm server: bare p50 " + Results.ms(bareTimes, 0.5) + " ms, enforced p50 "
                + Results.ms(enforcedTimes, 0.5) + " ms" + (enforced ? String.format(Locale.ROOT, ", enforced new member (engineer2,"
                + " first session of that member) %.1f ms", newMember) : ""));
        results.row("New session on a warm engine: open + first statement p50 (ms)", Results.millis(bareTimes, 0.5),
                Results.millis(enforcedTimes, 0.5), Double.NaN, "enforced < 500 ms", Results.millis(enforcedTimes, 0.5) < 500);
        results.row("New member session on a warm engine: open + first statement (ms)", Double.NaN, newMember, Double.NaN,
                "< 500 ms", newMember < 500);
    }

    /** Idle CPU-s and RSS of the bare server and the engine over the same window; then per additional session. */
    private void idleAndPerSession(InteractivePlatform.Grant grant, Path runDir) throws IOException, InterruptedException {
        Long enginePid = enginePids.get(grant.workspaceId());
        Long barePid = bare ? bareServer.pid() : null;
        ProcessStats.Reading b0 = barePid == null ? null : ProcessStats.require(barePid, "bare server");
        ProcessStats.Reading e0 = enginePid == null ? null : ProcessStats.require(enginePid, "engine");
        print("idle", "both sides idle for " + IDLE_SECONDS + " s (sessions open, nothing running) ...");
        TimeUnit.SECONDS.sleep(IDLE_SECONDS);
        ProcessStats.Reading b1 = barePid == null ? null : ProcessStats.require(barePid, "bare server");
        ProcessStats.Reading e1 = enginePid == null ? null : ProcessStats.require(enginePid, "engine");
        double bCpu = b0 == null ? Double.NaN : b1.minus(b0).cpuSeconds();
        double eCpu = e0 == null ? Double.NaN : e1.minus(e0).cpuSeconds();
        results.row("Idle engine: CPU-s per " + IDLE_SECONDS + " s", bCpu, eCpu, Double.NaN, "-", null);
        results.row("Idle engine: RSS (MB)", b1 == null ? Double.NaN : b1.rssBytes() / 1e6, e1 == null ? Double.NaN : e1.rssBytes() / 1e6,
                Double.NaN, "-", null);
        print("idle", String.format(Locale.ROOT, "bare %.2f CPU-s, RSS %.0f MB; engine %.2f CPU-s, RSS %.0f MB (NaN: not measured)", bCpu,
                b1 == null ? Double.NaN : b1.rssBytes() / 1e6, eCpu, e1 == null ? Double.NaN : e1.rssBytes() / 1e6));
        double[] bareExtra = extraSessions("bare", barePid, bare ? bareServer.url() : null);
        double[] engineExtra = extraSessions("enforced", enginePid, enforced ? enforcedUrl("engineer", grant) : null);
        results.row("Per additional session: RSS (MB)", bareExtra[0], engineExtra[0], Double.NaN, "-", null);
        results.row("Per additional session: CPU-s (open + first statement)", bareExtra[1], engineExtra[1], Double.NaN, "-", null);
    }

    /** Opens {@code EXTRA_SESSIONS} sessions, each running one statement: RSS and CPU-s of the server per session. */
    private double[] extraSessions(String side, Long pid, String url) throws IOException, InterruptedException {
        if (pid == null || url == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        ProcessStats.Reading before = ProcessStats.require(pid, side);
        for (int i = 0; i < EXTRA_SESSIONS; i++) {
            client.require(STATEMENT, side + " extra session", "first", side + "x" + i, url, TRIVIAL);
        }
        TimeUnit.SECONDS.sleep(2);
        ProcessStats.Reading delta = ProcessStats.require(pid, side).minus(before);
        double[] per = {delta.rssBytes() / 1e6 / EXTRA_SESSIONS, delta.cpuSeconds() / EXTRA_SESSIONS};
        print("sessions", String.format(Locale.ROOT, "%s: %d more sessions: %.1f MB RSS and %.2f CPU-s each", side, EXTRA_SESSIONS,
                per[0], per[1]));
        return per;
    }

    /** {@code CONCURRENT} sessions back to back: bare on its one server, enforced over {@code WORKSPACES} workspaces. */
    private void concurrency(List<InteractivePlatform.Grant> grants) throws IOException, InterruptedException {
        double[] b = bare ? load("bare", i -> bareServer.url()) : new double[] {Double.NaN, Double.NaN, Double.NaN};
        double[] e = new double[] {Double.NaN, Double.NaN, Double.NaN};
        if (enforced) {
            // Engines for every workspace first (their cold start is not part of the statement latency).
            for (InteractivePlatform.Grant g : grants.subList(1, grants.size())) {
                Set<Long> before = engines();
                client.require(Duration.ofSeconds(300), "enforced: start the engine of " + g.workspaceId(), "first", "w" + g.workspaceId(),
                        enforcedUrl("engineer", g), TRIVIAL);
                Set<Long> after = engines();
                after.removeAll(before);
                after.stream().findFirst().ifPresent(pid -> enginePids.put(g.workspaceId(), pid));
            }
            e = load("enforced", i -> {
                try {
                    return enforcedUrl("engineer", grants.get(i % grants.size()));
                } catch (IOException | InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            });
        }
        String what = CONCURRENT + " concurrent sessions (enforced over " + WORKSPACES + " workspaces, bare on one server), trivial";
        results.row(what + ": p99 (ms)", b[0], e[0], Double.NaN, "-", null);
        results.row(what + ": statements/s", b[1], e[1], Double.NaN, "-", null);
        results.row(what + ": errors", b[2], e[2], Double.NaN, "0", (bare ? b[2] == 0 : true) && (!enforced || e[2] == 0));
    }

    private double[] load(String side, IntFunction<String> url) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            String name = side + "c" + i;
            client.require(STATEMENT, side + " concurrent session " + i, "first", name, url.apply(i), TRIVIAL);
            names.add(name);
        }
        ConnectClientProcess.Answer a = client.require(Duration.ofSeconds(LOAD_SECONDS + STATEMENT.toSeconds() + 60), side + " load",
                "load", Integer.toString(LOAD_SECONDS), TRIVIAL, String.join(",", names));
        long count = Long.parseLong(a.field(2));
        long errors = Long.parseLong(a.field(3));
        List<Long> micros = Arrays.stream(a.micros(4)).boxed().toList();
        if (errors > 0) {
            failures++;
            print("concurrent", "FAILURE " + side + ": " + errors + " statement errors, first: " + client.firstLoadError());
        }
        print("concurrent", String.format(Locale.ROOT, "%s: %d sessions, %d statements in %d s (%.1f/s), p50 %s ms, p99 %s ms, errors %d",
                side, CONCURRENT, count, LOAD_SECONDS, count / (double) LOAD_SECONDS, Results.ms(micros, 0.5), Results.ms(micros, 0.99), errors));
        for (String name : names) {
            client.call(STATEMENT, "close", name);
        }
        return new double[] {Results.millis(micros, 0.99), count / (double) LOAD_SECONDS, errors};
    }

    /** Bare baseline of cancellation: the client interrupts its own long statement; time to the cancelled state it sees. */
    private void cancelBaseline() throws IOException, InterruptedException {
        List<Long> times = new ArrayList<>();
        for (int t = 0; t < TRIALS; t++) {
            String tag = "bare-cancel-" + t;
            client.require(STATEMENT, "bare long statement", "long", "b", tag, LONG);
            TimeUnit.MILLISECONDS.sleep(RUN_MILLIS);
            if (client.ended(tag).isDone()) {
                failures++;
                print("cancel", "FAILURE: the long statement ended before the interrupt: " + client.ended(tag).getNow(null));
                continue;
            }
            long before = Long.parseLong(client.require(STATEMENT, "interrupt", "interrupt", "b", tag).field(3));
            ConnectClientProcess.Ended ended = await(tag);
            times.add(ended.epochMicros() - before);
            if (ended.outcome().equals("FINISHED")) {
                failures++;
                print("cancel", "FAILURE: the interrupted statement finished instead of being cancelled");
            }
        }
        print("cancel", "bare: client interrupt -> cancelled seen by the client: p50 " + Results.ms(times, 0.5) + " ms, p99 "
                + Results.ms(times, 0.99) + " ms over " + times.size() + " trials");
        results.row("Cancel (bare: client interrupt) p50 (ms)", Results.millis(times, 0.5), Double.NaN, Double.NaN, "-", null);
        results.row("Cancel (bare: client interrupt) p99 (ms)", Results.millis(times, 0.99), Double.NaN, Double.NaN, "-", null);
    }

    /** Suspension while a statement runs: from the suspension's answer to the cancelled state the client sees. */
    private void revocation(InteractivePlatform.Grant grant) throws IOException, InterruptedException {
        List<Long> times = new ArrayList<>();
        for (int t = 0; t < TRIALS; t++) {
            String session = "r" + t;
            String tag = "revoke-" + t;
            client.require(Duration.ofSeconds(300), "enforced session for trial " + t, "open", session, enforcedUrl("engineer", grant));
            // One statement first: the session is routed and the engine is up before the long one starts.
            client.require(Duration.ofSeconds(300), "enforced first statement of trial " + t, "sql", session, "1", TRIVIAL);
            client.require(STATEMENT, "enforced long statement", "long", session, tag, LONG);
            TimeUnit.MILLISECONDS.sleep(RUN_MILLIS);
            if (client.ended(tag).isDone()) {
                failures++;
                print("revoke", "FAILURE: the long statement ended before the suspension: " + client.ended(tag).getNow(null));
                continue;
            }
            long suspended = platform.suspend(grant);
            ConnectClientProcess.Ended ended = await(tag);
            times.add(ended.epochMicros() - suspended);
            if (ended.outcome().equals("FINISHED")) {
                failures++;
                print("revoke", "FAILURE: the statement finished after the suspension instead of being cancelled");
            }
            platform.reinstate(grant);
            client.call(STATEMENT, "close", session);
        }
        print("revoke", "suspension answered -> statement cancelled seen by the client: p50 " + Results.ms(times, 0.5) + " ms, p99 "
                + Results.ms(times, 0.99) + " ms over " + times.size() + " trials");
        results.row("Revocation -> running statement cancelled p50 (ms)", Double.NaN, Results.millis(times, 0.5), Double.NaN, "-", null);
        results.row("Revocation -> running statement cancelled p99 (ms)", Double.NaN, Results.millis(times, 0.99), Double.NaN, "< 500 ms",
                Results.millis(times, 0.99) < 500);
    }

    private ConnectClientProcess.Ended await(String tag) throws InterruptedException {
        try {
            return client.ended(tag).get(STATEMENT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("statement " + tag + " did not end within " + STATEMENT, e);
        }
    }

    private List<InteractivePlatform.JobRun> batchJobs(InteractivePlatform.Grant grant, String kind) throws IOException, InterruptedException {
        List<InteractivePlatform.JobRun> runs = new ArrayList<>();
        for (int i = 0; i < BATCH_REPS; i++) {
            InteractivePlatform.JobRun job = platform.batchJob(grant, "bench-" + kind + "-" + i, "CREATE TABLE bench_" + kind + "_" + i
                    + " AS " + JOIN, Duration.ofSeconds(600));
            if (!job.state().equals("SUCCEEDED")) {
                failures++;
                print("batch", "FAILURE: " + kind + " job " + job.id() + " ended " + job.state() + " " + job.code());
            }
            runs.add(job);
            print("batch", String.format(Locale.ROOT, "%s job %s: %s, submitted to finished %.2f s (client saw %.2f s)", kind, job.id(),
                    job.state(), job.serverSeconds(), job.clientSeconds()));
        }
        return runs;
    }

    private void batchRows(List<InteractivePlatform.JobRun> cold, List<InteractivePlatform.JobRun> warm) {
        List<Long> c = cold.stream().map(j -> (long) (j.serverSeconds() * 1e6)).toList();
        List<Long> w = warm.stream().map(j -> (long) (j.serverSeconds() * 1e6)).toList();
        results.row("Batch job (CTAS of the join) wall time p50, cold path (s)", Double.NaN, Results.millis(c, 0.5) / 1000, Double.NaN,
                "-", null);
        results.row("Batch job (CTAS of the join) wall time p50, warm engine (s)", Double.NaN, Results.millis(w, 0.5) / 1000, Double.NaN,
                "warm < cold", w.isEmpty() ? null : Results.millis(w, 0.5) < Results.millis(c, 0.5));
    }

    /**
     * Pids of the warm engines: descendants of the controller whose command line names the engine's main class or
     * carries the local launcher's marker {@code -Dshuyu.engine=<engineId>}; when none does (a launcher that passes its arguments in a file), every descendant JVM.
     */
    private Set<Long> engines() {
        List<ProcessHandle> descendants = ProcessHandle.of(controller.pid()).map(p -> p.descendants().toList()).orElse(List.of());
        Set<Long> named = descendants.stream().map(d -> d.pid())
                .filter(pid -> cmdline(pid).contains(ENGINE_MAIN) || cmdline(pid).contains(ENGINE_MARKER))
                .collect(Collectors.toCollection(HashSet::new));
        if (!named.isEmpty()) {
            return named;
        }
        return descendants.stream().filter(d -> cmdline(d.pid()).contains("java")).map(ProcessHandle::pid)
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private void cleanup() {
        try {
            if (client != null) {
                client.close();
            }
            if (bareServer != null) {
                bareServer.close();
            }
            if (controller != null) {
                controller.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void print(String part, String text) {
        System.out.println("[interactive] " + part + ": " + text);
    }
}

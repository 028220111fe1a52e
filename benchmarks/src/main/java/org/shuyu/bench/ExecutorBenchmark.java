package org.shuyu.bench;

import java.io.IOException;
import java.util.TreeMap;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import com.sun.net.httpserver.HttpServer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.shuyu.jobs.authz.Enforcement;
import org.shuyu.jobs.authz.PolicyDownloadClient;
import org.shuyu.jobs.authz.PolicyFreshness;
import org.shuyu.jobs.authz.RangerAuthorizer;
import org.shuyu.jobs.authz.SessionLock;
import org.shuyu.jobs.authz.ShuyuRangerPlugin;
import org.shuyu.jobs.authz.WorkspacePaths;
import org.shuyu.jobs.runtime.SparkSessionFactory;
import org.shuyu.policy.PolicyCompiler;
import org.shuyu.policy.ServicePolicySet;
import org.shuyu.runtime.contract.SparkCluster;
import org.shuyu.runtime.contract.StandaloneLaunch;

/**
 * Executors (issue 19): {@link EnforcementBenchmark}'s job (a join of 10M payments with 100k enterprises and an
 * aggregation) on a Spark standalone cluster started with {@link StandaloneLaunch}'s command lines (one master, two
 * workers of one core each, authentication on), with one executor ({@code spark.cores.max=1}) and with two
 * ({@code =2}), each time enforced (the session as JobMain builds it, with the cluster) and bare (a session without the
 * extension on the same SparkContext), alternating, after warm-up; medians.
 *
 * <p>Settings (system properties): bench.rows (10,000,000), bench.enterprises (100,000), bench.reps (3),
 * bench.warmup (1), bench.executorMemoryMb (1024). The cluster's secret comes from the environment
 * ({@value StandaloneLaunch#AUTH_SECRET_ENV}, set by the Maven execution), as for every driver.
 */
public final class ExecutorBenchmark {
    private static final String JOB = "SELECT e.industry, p.period, count(*) AS payments, sum(p.amount) AS total, "
            + "count(DISTINCT p.uscc) AS payers FROM tax.payments p JOIN registry.enterprises e ON p.uscc = e.uscc "
            + "GROUP BY e.industry, p.period";

    private ExecutorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.getLong("bench.rows", 10_000_000L);
        long enterprises = Long.getLong("bench.enterprises", 100_000L);
        int reps = Integer.getInteger("bench.reps", 3);
        int warmup = Integer.getInteger("bench.warmup", 1);
        int executorMemory = Integer.getInteger("bench.executorMemoryMb", 1024);
        String secret = System.getenv(StandaloneLaunch.AUTH_SECRET_ENV);
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException(StandaloneLaunch.AUTH_SECRET_ENV + " must be set");
        }
        Path root = Files.createTempDirectory("shuyu-executor-bench");
        // Absolute entries: executors run in their workers' application directories.
        String classpath = String.join(File.pathSeparator, Stream.of(System.getProperty("java.class.path")
                .split(File.pathSeparator)).map(e -> Path.of(e).toAbsolutePath().normalize().toString()).toList());
        List<Process> daemons = new ArrayList<>();
        try {
            // The cluster, as StandaloneCluster starts it.
            Path home = Files.createDirectories(root.resolve("spark/home/jars")).getParent();
            int port = freePort();
            int uiPort = freePort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String master = "spark://127.0.0.1:" + port;
            daemons.add(daemon(StandaloneLaunch.masterCommand(java, classpath, "bench", port, uiPort, "256m"), home,
                    root.resolve("spark/master"), secret));
            for (int i = 1; i <= 2; i++) {
                Path dir = root.resolve("spark/worker-" + i);
                daemons.add(daemon(StandaloneLaunch.workerCommand(java, classpath, "bench", i, master, 1,
                        executorMemory + 256, dir.resolve("work"), "256m"), home, dir, secret));
            }
            awaitWorkers(uiPort, 2);

            Path workspaceDir = root.resolve("workspace");
            Path filesDir = Files.createDirectories(workspaceDir.resolve("files"));
            Path warehouseDir = Files.createDirectories(workspaceDir.resolve("warehouse"));
            Path payments = root.resolve("sources/tax/payments");
            Path registry = root.resolve("sources/registry/enterprises");
            ServicePolicySet policies = new PolicyCompiler().compile(EnforcementBenchmark.state(workspaceDir))
                    .get(PolicyCompiler.serviceName(EnforcementBenchmark.WORKSPACE));
            HttpServer server = EnforcementBenchmark.policyServer(policies);
            URI policyUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

            Map<Integer, double[]> medians = new TreeMap<>();
            boolean generated = false;
            for (int executors : List.of(1, 2)) {
                SparkCluster cluster = StandaloneLaunch.driverCluster(master, executors, 1, executorMemory, classpath);
                PolicyFreshness freshness = new PolicyFreshness(Clock.systemUTC(), Duration.ofSeconds(30));
                PolicyDownloadClient source = new PolicyDownloadClient(policyUrl, policies.serviceName(), "bench",
                        EnforcementBenchmark.TOKEN, freshness, Duration.ofSeconds(5));
                ShuyuRangerPlugin plugin = ShuyuRangerPlugin.start(policies.serviceName(), 1000, source, freshness);
                Enforcement enforcement = new Enforcement(EnforcementBenchmark.USER, EnforcementBenchmark.DATABASE,
                        new RangerAuthorizer(plugin, freshness, EnforcementBenchmark.USER),
                        new WorkspacePaths(filesDir, warehouseDir), new SessionLock(), Optional.of("bench-salt"));
                SparkSession enforced = SparkSessionFactory.create("executor-benchmark-" + executors, warehouseDir,
                        enforcement, Optional.of(cluster));
                SparkSession bare = SparkSession.builder().create();
                if (!generated) {
                    long t0 = System.nanoTime();
                    generate(bare, rows, enterprises, payments, registry);
                    System.out.printf(Locale.ROOT, "generated parquet (%,d + %,d rows) on 1-2 executors in %.1f s%n",
                            rows, enterprises, (System.nanoTime() - t0) / 1e9);
                    generated = true;
                }
                for (SparkSession session : List.of(enforced, bare)) {
                    session.sql("CREATE DATABASE IF NOT EXISTS tax");
                    session.sql("CREATE DATABASE IF NOT EXISTS registry");
                    session.sql("CREATE DATABASE IF NOT EXISTS " + EnforcementBenchmark.DATABASE);
                    session.catalog().createTable("tax.payments", "parquet", Map.of("path", payments.toString()));
                    session.catalog().createTable("registry.enterprises", "parquet", Map.of("path", registry.toString()));
                }
                enforced.catalog().setCurrentDatabase(EnforcementBenchmark.DATABASE);
                enforcement.enable(enforced);
                List<Row> a = enforced.sql(JOB + " ORDER BY 1, 2").collectAsList();
                List<Row> b = bare.sql(JOB + " ORDER BY 1, 2").collectAsList();
                if (!a.equals(b)) {
                    throw new IllegalStateException("enforced and bare results differ");
                }
                int registered = enforced.sparkContext().statusTracker().getExecutorInfos().length - 1; // minus the driver
                System.out.printf(Locale.ROOT, "executors=%d: %d executor JVMs registered, %d result rows%n", executors,
                        registered, a.size());
                for (int i = 0; i < warmup; i++) {
                    run(enforced);
                    run(bare);
                }
                List<Double> e = new ArrayList<>();
                List<Double> r = new ArrayList<>();
                for (int i = 0; i < reps; i++) {
                    boolean enforcedFirst = i % 2 == 0;
                    double first = run(enforcedFirst ? enforced : bare);
                    double second = run(enforcedFirst ? bare : enforced);
                    e.add(enforcedFirst ? first : second);
                    r.add(enforcedFirst ? second : first);
                    System.out.printf(Locale.ROOT, "executors=%d rep %d: enforced %.3f s, bare %.3f s%n", executors,
                            i + 1, e.get(i), r.get(i));
                }
                double me = EnforcementBenchmark.median(e);
                double mb = EnforcementBenchmark.median(r);
                medians.put(executors, new double[] {me, mb});
                System.out.printf(Locale.ROOT, "RESULT executors=%d: median enforced %.3f s, bare %.3f s, "
                        + "enforced/bare %.3f%n", executors, me, mb, me / mb);
                enforced.stop();
                plugin.cleanup();
                SparkSession.clearActiveSession();
                SparkSession.clearDefaultSession();
            }
            double[] one = medians.get(1);
            double[] two = medians.get(2);
            System.out.printf(Locale.ROOT, "RESULT speed-up one -> two executors: enforced %.2fx, bare %.2fx%n",
                    one[0] / two[0], one[1] / two[1]);
            server.stop(0);
        } finally {
            for (Process daemon : daemons) {
                daemon.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                daemon.destroyForcibly();
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Process daemon(List<String> command, Path home, Path dir, String secret) throws Exception {
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("local"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(StandaloneLaunch.daemonEnvironment(home, dir.resolve("local"), secret));
        return builder.start();
    }

    private static void awaitWorkers(int uiPort, int wanted) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains("\"aliveworkers\" : " + wanted)) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the workers did not register");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double run(SparkSession session) {
        long start = System.nanoTime();
        List<Row> result = session.sql(JOB).collectAsList();
        if (result.isEmpty()) {
            throw new IllegalStateException("empty result");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void generate(SparkSession spark, long rows, long enterprises, Path payments, Path registry) {
        spark.range(rows).selectExpr(
                        "format_string('U%08d', id % " + enterprises + ") AS uscc",
                        "CAST(202001 + (id % 48) AS INT) AS period",
                        "CAST((id * 7919) % 1000000 / 100.0 AS DECIMAL(18,2)) AS amount",
                        "format_string('138%08d', id % 100000000) AS contact_phone")
                .write().mode("overwrite").parquet(payments.toString());
        spark.range(enterprises).selectExpr(
                        "format_string('U%08d', id) AS uscc",
                        "format_string('industry-%02d', id % 20) AS industry",
                        "format_string('Person %d', id) AS legal_representative",
                        "format_string('139%08d', id) AS phone")
                .write().mode("overwrite").parquet(registry.toString());
    }
}

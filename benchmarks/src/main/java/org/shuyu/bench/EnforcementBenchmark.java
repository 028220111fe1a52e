package org.shuyu.bench;

import static org.shuyu.policy.Classification.BUSINESS;
import static org.shuyu.policy.Classification.CONTACT;
import static org.shuyu.policy.Classification.DIRECT_IDENTIFIER;
import static org.shuyu.policy.Classification.FINANCIAL;
import static org.shuyu.policy.Classification.PUBLIC;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
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
import org.shuyu.policy.ColumnSpec;
import org.shuyu.policy.DatasetSpec;
import org.shuyu.policy.PolicyCompiler;
import org.shuyu.policy.PolicyState;
import org.shuyu.policy.ServicePolicySet;
import org.shuyu.policy.WorkspaceSpec;

/**
 * The cost of enforcement in Spark: the same analytical job (a join of a large fact table with a dimension table
 * and an aggregation) on a session with the Ranger enforcement extension and on bare Spark, in one JVM on one
 * SparkContext (local[2]), alternating, after warm-up. The data is generated and written as parquet first.
 *
 * <p>Settings (system properties): bench.rows (fact rows, default 10,000,000), bench.enterprises (dimension rows,
 * default 100,000), bench.reps (measured runs per mode, default 5), bench.warmup (default 2), bench.dir (default: a
 * temporary directory, deleted at the end).
 */
public final class EnforcementBenchmark {
    static final String USER = "engineer";
    static final String TOKEN = "bench-token";
    static final String WORKSPACE = "grant-bench";
    static final String DATABASE = "ws_grant_bench";
    private static final String JOB = "SELECT e.industry, p.period, count(*) AS payments, sum(p.amount) AS total, "
            + "count(DISTINCT p.uscc) AS payers FROM tax.payments p JOIN registry.enterprises e ON p.uscc = e.uscc "
            + "GROUP BY e.industry, p.period";

    private EnforcementBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.getLong("bench.rows", 10_000_000L);
        long enterprises = Long.getLong("bench.enterprises", 100_000L);
        int reps = Integer.getInteger("bench.reps", 5);
        int warmup = Integer.getInteger("bench.warmup", 2);
        String configuredDir = System.getProperty("bench.dir", "");
        Path root = configuredDir.isEmpty() ? Files.createTempDirectory("shuyu-enforcement-bench")
                : Files.createDirectories(Path.of(configuredDir));
        Path workspaceDir = root.resolve("workspace");
        Path filesDir = Files.createDirectories(workspaceDir.resolve("files"));
        Path warehouseDir = Files.createDirectories(workspaceDir.resolve("warehouse"));
        Path payments = root.resolve("sources/tax/payments");
        Path registry = root.resolve("sources/registry/enterprises");

        PolicyState state = state(workspaceDir);
        ServicePolicySet policies = new PolicyCompiler().compile(state).get(PolicyCompiler.serviceName(WORKSPACE));
        HttpServer server = policyServer(policies);
        URI policyUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

        PolicyFreshness freshness = new PolicyFreshness(Clock.systemUTC(), Duration.ofSeconds(10));
        PolicyDownloadClient source = new PolicyDownloadClient(policyUrl, policies.serviceName(), "bench", TOKEN,
                freshness, Duration.ofSeconds(5));
        ShuyuRangerPlugin plugin = ShuyuRangerPlugin.start(policies.serviceName(), 1000, source, freshness);
        Enforcement enforcement = new Enforcement(USER, DATABASE, new RangerAuthorizer(plugin, freshness, USER),
                new WorkspacePaths(filesDir, warehouseDir), new SessionLock(), Optional.of("bench-salt"));

        SparkSession enforced = SparkSessionFactory.create("enforcement-benchmark", warehouseDir, enforcement);
        // Bare Spark: the same SparkContext and settings, a session without the extension.
        SparkSession bare = SparkSession.builder().create();
        System.out.printf(Locale.ROOT, "Spark %s, Java %s, %d cores; %,d fact rows, %,d enterprises%n",
                enforced.version(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                rows, enterprises);

        long t0 = System.nanoTime();
        generate(bare, rows, enterprises, payments, registry);
        System.out.printf(Locale.ROOT, "generated parquet in %.1f s (%s)%n", (System.nanoTime() - t0) / 1e9, root);

        for (SparkSession session : List.of(enforced, bare)) {
            session.sql("CREATE DATABASE IF NOT EXISTS tax");
            session.sql("CREATE DATABASE IF NOT EXISTS registry");
            session.sql("CREATE DATABASE IF NOT EXISTS " + DATABASE);
            session.catalog().createTable("tax.payments", "parquet", Map.of("path", payments.toString()));
            session.catalog().createTable("registry.enterprises", "parquet", Map.of("path", registry.toString()));
        }
        enforced.catalog().setCurrentDatabase(DATABASE);
        enforcement.enable(enforced);

        // Same answer both ways (the columns used are neither masked nor row-filtered).
        List<Row> a = enforced.sql(JOB + " ORDER BY 1, 2").collectAsList();
        List<Row> b = bare.sql(JOB + " ORDER BY 1, 2").collectAsList();
        if (!a.equals(b)) {
            throw new IllegalStateException("enforced and bare results differ");
        }
        System.out.println("job: " + JOB);
        System.out.println("result rows: " + a.size());

        for (int i = 0; i < warmup; i++) {
            run(enforced);
            run(bare);
        }
        List<Double> enforcedSeconds = new ArrayList<>();
        List<Double> bareSeconds = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            boolean enforcedFirst = i % 2 == 0;
            double first = run(enforcedFirst ? enforced : bare);
            double second = run(enforcedFirst ? bare : enforced);
            enforcedSeconds.add(enforcedFirst ? first : second);
            bareSeconds.add(enforcedFirst ? second : first);
            System.out.printf(Locale.ROOT, "rep %d: enforced %.3f s, bare %.3f s%n", i + 1,
                    enforcedSeconds.get(i), bareSeconds.get(i));
        }
        // The per-statement cost alone: analysis + check of the job's plan (no execution).
        double checkMillis = planningMillis(enforced, 20);
        double bareCheckMillis = planningMillis(bare, 20);
        double medianEnforced = median(enforcedSeconds);
        double medianBare = median(bareSeconds);
        System.out.printf(Locale.ROOT, "RESULT median enforced %.3f s, median bare %.3f s, enforced/bare %.3f "
                + "(goal <= 1.05)%n", medianEnforced, medianBare, medianEnforced / medianBare);
        System.out.printf(Locale.ROOT, "RESULT analysis of the job's statement: enforced %.1f ms, bare %.1f ms "
                + "(median of 20)%n", checkMillis, bareCheckMillis);

        enforced.stop();
        plugin.cleanup();
        server.stop(0);
        if (configuredDir.isEmpty()) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
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

    private static double planningMillis(SparkSession session, int times) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            session.sql(JOB).queryExecution().analyzed();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return median(millis);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
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

    static PolicyState state(Path workspaceDir) {
        DatasetSpec payments = new DatasetSpec("tax.payments", false, Optional.empty(), List.of(
                new ColumnSpec("uscc", PUBLIC, 1), new ColumnSpec("period", PUBLIC, 1),
                new ColumnSpec("amount", FINANCIAL, 2), new ColumnSpec("contact_phone", CONTACT, 3)));
        DatasetSpec enterprises = new DatasetSpec("registry.enterprises", false, Optional.empty(), List.of(
                new ColumnSpec("uscc", PUBLIC, 1), new ColumnSpec("industry", BUSINESS, 1),
                new ColumnSpec("legal_representative", DIRECT_IDENTIFIER, 3), new ColumnSpec("phone", CONTACT, 3)));
        WorkspaceSpec workspace = new WorkspaceSpec(WORKSPACE, DATABASE, workspaceDir.toString(), true, Set.of(USER),
                Set.of(payments.id(), enterprises.id()));
        return new PolicyState(List.of(payments, enterprises), List.of(workspace), Map.of());
    }

    static HttpServer policyServer(ServicePolicySet policies) throws IOException {
        String json = policies.toJson(1, Instant.now());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/service/plugins/policies/download/" + policies.serviceName(), exchange -> {
            try (exchange) {
                boolean authorised = ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
                String query = String.valueOf(exchange.getRequestURI().getQuery());
                if (!authorised) {
                    exchange.sendResponseHeaders(401, -1);
                } else if (query.contains("lastKnownVersion=1&")) {
                    exchange.sendResponseHeaders(304, -1);
                } else {
                    byte[] body = json.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
        return server;
    }
}

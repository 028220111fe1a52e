package org.shuyu.bench;


import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.shuyu.jobs.authz.Enforcement;
import org.shuyu.jobs.authz.PolicyDownloadClient;
import org.shuyu.jobs.authz.PolicyFreshness;
import org.shuyu.jobs.authz.RangerAuthorizer;
import org.shuyu.jobs.authz.SessionLock;
import org.shuyu.jobs.authz.ShuyuRangerPlugin;
import org.shuyu.jobs.authz.WorkspacePaths;
import org.shuyu.jobs.lineage.HttpLineageSink;
import org.shuyu.jobs.lineage.LineageCapture;
import org.shuyu.jobs.lineage.LineageSink;
import org.shuyu.jobs.runtime.JobRunner;
import org.shuyu.jobs.runtime.SparkSessionFactory;
import org.shuyu.jobs.spec.RuntimeConfig;
import org.shuyu.policy.PolicyCompiler;
import org.shuyu.policy.PolicyState;
import org.shuyu.policy.ServicePolicySet;

/**
 * The cost of lineage capture (docs/lineage-capture.md): the same multi-step job run through the real
 * {@link JobRunner} (enforcement on, CSV sources registered as a job registers them) with write-ahead capture and
 * delivery to a loopback HTTP lineage sink, and with capture switched off ({@link JobRunner#withoutLineage}, which
 * only benchmarks use). One JVM, one SparkContext (local[2]), two sessions, alternating, after warm-up.
 *
 * <p>The job: a join of a fact table with a dimension table into a workspace table, an aggregation of it into a
 * second table, a query, and two drops (so the next run starts clean). Settings (system properties): bench.rows
 * (fact rows, default 3,000,000), bench.enterprises (default 100,000), bench.reps (measured runs per mode, default
 * 7), bench.warmup (default 1), bench.dir (default: a temporary directory, deleted at the end).
 */
public final class CaptureBenchmark {
    // The workspace, user and credential of EnforcementBenchmark: the same policies, served the same way.
    private static final String USER = EnforcementBenchmark.USER;
    private static final String TOKEN = EnforcementBenchmark.TOKEN;
    private static final String WORKSPACE = EnforcementBenchmark.WORKSPACE;
    private static final String DATABASE = EnforcementBenchmark.DATABASE;

    private CaptureBenchmark() {
    }

    private static List<String> job(String suffix) {
        return List.of(
                "CREATE TABLE joined_" + suffix + " AS SELECT p.uscc, p.period, p.amount, e.industry "
                        + "FROM tax.payments p JOIN registry.enterprises e ON p.uscc = e.uscc WHERE p.amount > 10",
                "CREATE TABLE totals_" + suffix + " AS SELECT industry, period, sum(amount) AS total, count(*) AS n, "
                        + "count(DISTINCT uscc) AS payers FROM joined_" + suffix + " GROUP BY industry, period",
                "SELECT industry, max(total) AS top, sum(n) AS payments FROM totals_" + suffix + " GROUP BY industry",
                "DROP TABLE joined_" + suffix,
                "DROP TABLE totals_" + suffix);
    }

    public static void main(String[] args) {
        int exit = 0;
        try {
            benchmark();
        } catch (Exception | Error e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit); // Spark's non-daemon threads would keep the JVM (and the Maven build) waiting
    }

    private static void benchmark() throws Exception {
        long rows = Long.getLong("bench.rows", 3_000_000L);
        long enterprises = Long.getLong("bench.enterprises", 100_000L);
        int reps = Integer.getInteger("bench.reps", 7);
        int warmup = Integer.getInteger("bench.warmup", 1);
        String configuredDir = System.getProperty("bench.dir", "");
        Path root = configuredDir.isEmpty() ? Files.createTempDirectory("shuyu-capture-bench")
                : Files.createDirectories(Path.of(configuredDir));
        Path payments = root.resolve("sources/tax/payments");
        Path registry = root.resolve("sources/registry/enterprises");

        PolicyState state = EnforcementBenchmark.state(root.resolve("workspace"));
        ServicePolicySet policies = new PolicyCompiler().compile(state).get(PolicyCompiler.serviceName(WORKSPACE));
        AtomicInteger lineageEvents = new AtomicInteger();
        HttpServer server = controller(policies, lineageEvents);
        URI controllerUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

        PolicyFreshness freshness = new PolicyFreshness(Clock.systemUTC(), Duration.ofSeconds(10));
        PolicyDownloadClient source = new PolicyDownloadClient(controllerUrl, policies.serviceName(), "bench", TOKEN,
                freshness, Duration.ofSeconds(5));
        ShuyuRangerPlugin plugin = ShuyuRangerPlugin.start(policies.serviceName(), 1000, source, freshness);

        ObjectMapper mapper = new ObjectMapper();
        RuntimeConfig capturedConfig = config(root, "captured", controllerUrl, payments, registry, mapper);
        RuntimeConfig bareConfig = config(root, "uncaptured", controllerUrl, payments, registry, mapper);
        SparkSession capturedSpark = session(capturedConfig, plugin, freshness);
        SparkSession bareSpark = session(bareConfig, plugin, freshness);
        System.out.printf(Locale.ROOT, "Spark %s, Java %s, %d cores; %,d fact rows, %,d enterprises%n",
                capturedSpark.version(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), rows, enterprises);
        long t0 = System.nanoTime();
        generate(SparkSession.builder().create(), rows, enterprises, payments, registry);
        System.out.printf(Locale.ROOT, "generated CSV sources in %.1f s (%s)%n", (System.nanoTime() - t0) / 1e9,
                root);

        Enforcement capturedEnforcement = enforcementOf(capturedSpark);
        Enforcement bareEnforcement = enforcementOf(bareSpark);
        HttpLineageSink http = new HttpLineageSink(controllerUrl, capturedConfig.jobId(), TOKEN,
                Duration.ofMillis(capturedConfig.lineageDeliveryTimeoutMillis()), mapper);
        long[] deliveryNanos = new long[1];
        LineageSink sink = event -> {
            long start = System.nanoTime();
            http.deliver(event);
            deliveryNanos[0] += System.nanoTime() - start;
        };
        LineageCapture capture = LineageCapture.of(capturedSpark, capturedConfig, sink, Clock.systemUTC());
        JobRunner captured = new JobRunner(capturedSpark, capturedEnforcement, capturedConfig, capture);
        JobRunner bare = JobRunner.withoutLineage(bareSpark, bareEnforcement, bareConfig);
        captured.setup();
        bare.setup();
        List<String> capturedJob = job("c");
        List<String> bareJob = job("u");
        System.out.println("job steps: " + bareJob);

        for (int i = 0; i < warmup; i++) {
            run(captured, capturedJob);
            run(bare, bareJob);
        }
        List<Double> capturedSeconds = new ArrayList<>();
        List<Double> bareSeconds = new ArrayList<>();
        List<Double> capturedCpu = new ArrayList<>();
        List<Double> bareCpu = new ArrayList<>();
        int eventsBefore = lineageEvents.get();
        deliveryNanos[0] = 0;
        for (int i = 0; i < reps; i++) {
            boolean capturedFirst = i % 2 == 0;
            double[] first = capturedFirst ? run(captured, capturedJob) : run(bare, bareJob);
            double[] second = capturedFirst ? run(bare, bareJob) : run(captured, capturedJob);
            double[] with = capturedFirst ? first : second;
            double[] without = capturedFirst ? second : first;
            capturedSeconds.add(with[0]);
            bareSeconds.add(without[0]);
            capturedCpu.add(with[1]);
            bareCpu.add(without[1]);
            System.out.printf(Locale.ROOT, "rep %d: with capture %.3f s (cpu %.2f s), without %.3f s (cpu %.2f s)%n",
                    i + 1, with[0], with[1], without[0], without[1]);
        }
        int events = lineageEvents.get() - eventsBefore;
        if (events != reps * capturedJob.size() * 2) {
            throw new IllegalStateException("expected " + reps * capturedJob.size() * 2 + " lineage events, got "
                    + events);
        }
        double deliveryMillisPerJob = deliveryNanos[0] / 1e6 / reps;
        // The walk alone: each statement of the job analysed (as the runtime does) and walked 20 times, median.
        double walkMillisPerJob = 0;
        for (int i = 0; i < capturedJob.size(); i++) {
            String sql = capturedJob.get(i);
            org.apache.spark.sql.catalyst.plans.logical.LogicalPlan analyzed = capturedSpark.sessionState()
                    .executePlan(capturedSpark.sessionState().sqlParser().parsePlan(sql),
                            org.apache.spark.sql.execution.CommandExecutionMode$.MODULE$.SKIP()).analyzed();
            List<Double> walks = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                long start = System.nanoTime();
                capture.start(i + 1, analyzed, false);
                walks.add((System.nanoTime() - start) / 1e6);
            }
            walkMillisPerJob += EnforcementBenchmark.median(walks);
            captured.runStep(i + 1, sql); // so that the next statement's tables exist
        }
        double medianCaptured = EnforcementBenchmark.median(capturedSeconds);
        System.out.printf(Locale.ROOT, "RESULT median process CPU time with capture %.2f s, without %.2f s, ratio %.3f%n",
                EnforcementBenchmark.median(capturedCpu), EnforcementBenchmark.median(bareCpu), EnforcementBenchmark.median(capturedCpu) / EnforcementBenchmark.median(bareCpu));
        double medianBare = EnforcementBenchmark.median(bareSeconds);
        System.out.printf(Locale.ROOT, "RESULT median with capture %.3f s, without %.3f s, ratio %.3f (goal <= 1.03);"
                + " %d lineage events per job, difference per statement %.1f ms%n", medianCaptured, medianBare,
                medianCaptured / medianBare, capturedJob.size() * 2,
                (medianCaptured - medianBare) * 1000 / capturedJob.size());
        System.out.printf(Locale.ROOT, "RESULT capture work per job: delivery of %d events %.1f ms (mean of %d jobs),"
                + " lineage walk of %d statements %.2f ms (medians of 20); %.4f of the job without capture%n",
                capturedJob.size() * 2, deliveryMillisPerJob, reps, capturedJob.size(), walkMillisPerJob,
                (deliveryMillisPerJob + walkMillisPerJob) / 1000 / medianBare);

        capturedSpark.stop();
        plugin.cleanup();
        server.stop(0);
        if (configuredDir.isEmpty()) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static final Map<SparkSession, Enforcement> ENFORCEMENTS = new java.util.IdentityHashMap<>();

    private static Enforcement enforcementOf(SparkSession session) {
        return ENFORCEMENTS.get(session);
    }

    private static SparkSession session(RuntimeConfig config, ShuyuRangerPlugin plugin, PolicyFreshness freshness)
            throws IOException {
        Files.createDirectories(config.filesDir());
        Files.createDirectories(config.warehouseDir());
        Enforcement enforcement = new Enforcement(USER, DATABASE, new RangerAuthorizer(plugin, freshness, USER),
                new WorkspacePaths(config.filesDir(), config.warehouseDir()), new SessionLock(),
                Optional.of("bench-salt"));
        SparkSession session = SparkSessionFactory.create("capture-benchmark", config.warehouseDir(), enforcement);
        ENFORCEMENTS.put(session, enforcement);
        return session;
    }

    /** Wall seconds and process CPU seconds of one run of the job. */
    private static double[] run(JobRunner runner, List<String> steps) {
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < steps.size(); i++) {
            runner.runStep(i + 1, steps.get(i));
        }
        return new double[] {(System.nanoTime() - start) / 1e9, (processCpuNanos() - cpu) / 1e9};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static RuntimeConfig config(Path root, String name, URI controller, Path payments, Path registry,
            ObjectMapper mapper) throws IOException {
        // One workspace (the policies' paths) for both sessions; their tables differ by suffix.
        Path workspace = root.resolve("workspace");
        ObjectNode json = mapper.createObjectNode();
        json.put("jobId", "bench-" + name);
        json.put("kind", "JOB");
        json.put("user", USER);
        json.put("workspaceId", WORKSPACE);
        json.put("serviceName", PolicyCompiler.serviceName(WORKSPACE));
        json.put("workspaceDatabase", DATABASE);
        json.put("workspaceDir", workspace.toString());
        json.put("warehouseDir", workspace.resolve("warehouse").toString());
        json.put("filesDir", workspace.resolve("files").toString());
        json.put("policyUrl", controller.toString());
        json.put("outputDir", workspace.resolve("out-" + name).toString());
        ArrayNode sources = json.putArray("sources");
        sources.addObject().put("id", "tax.payments").put("format", "csv").put("location", payments.toString())
                .put("schema", "uscc STRING, period INT, amount DECIMAL(18,2), contact_phone STRING");
        sources.addObject().put("id", "registry.enterprises").put("format", "csv")
                .put("location", registry.toString())
                .put("schema", "uscc STRING, industry STRING, legal_representative STRING, phone STRING");
        json.putArray("steps").add("SELECT 1");
        Files.createDirectories(workspace);
        Path file = workspace.resolve("runtime-" + name + ".json");
        Files.writeString(file, json.toPrettyString());
        return RuntimeConfig.read(file);
    }

    private static void generate(SparkSession spark, long rows, long enterprises, Path payments, Path registry) {
        spark.range(rows).selectExpr(
                        "format_string('U%08d', id % " + enterprises + ") AS uscc",
                        "CAST(202001 + (id % 48) AS INT) AS period",
                        "CAST((id * 7919) % 1000000 / 100.0 AS DECIMAL(18,2)) AS amount",
                        "format_string('138%08d', id % 100000000) AS contact_phone")
                .write().mode("overwrite").option("header", "true").csv(payments.toString());
        spark.range(enterprises).selectExpr(
                        "format_string('U%08d', id) AS uscc",
                        "format_string('industry-%02d', id % 20) AS industry",
                        "format_string('Person %d', id) AS legal_representative",
                        "format_string('139%08d', id) AS phone")
                .write().mode("overwrite").option("header", "true").csv(registry.toString());
    }

    /** The controller's two endpoints a job uses: policy download, and a lineage sink answering 204 at once. */
    private static HttpServer controller(ServicePolicySet policies, AtomicInteger lineageEvents) throws IOException {
        HttpServer server = EnforcementBenchmark.policyServer(policies);
        server.createContext("/service/lineage/jobs/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                boolean authorised = ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
                if (authorised) {
                    lineageEvents.incrementAndGet();
                }
                exchange.sendResponseHeaders(authorised ? 204 : 401, -1);
            }
        });
        return server;
    }
}

package org.shuyu.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.shuyu.controller.organization.Uscc;

/**
 * A mixed load on the real controller (issue 14, not a unit test): {@code -Dbench.load.clients} (200) concurrent
 * clients for {@code -Dbench.load.seconds} (60) after {@code -Dbench.load.warmup} (10) seconds, over every read
 * endpoint (me, datasets, a dataset, providers, organizations, personnel, labs, applications, grants, a grant, its
 * members, workspaces, a workspace, its jobs, publications, filings, deletions, announcements, products, audit search,
 * audit verification at a low weight, lineage queries) and the common writes (organization registration, lab requests,
 * announcements, consents) and refusals (a prohibited dataset, a role without the right, no token), each with the
 * status it must answer.
 *
 * <p>The controller runs in a child JVM ({@link ControllerProcess}) in embedded mode on a fresh H2 file database, or
 * with {@code -Dbench.load.db=postgres} on a fresh PostgreSQL database on 127.0.0.1:5432 (dropped at the end). Before
 * the load, {@code -Dbench.load.grants} (3) grants are walked through the life cycle to ACTIVE with a vetted engineer,
 * so the grant, workspace and member reads have something to read. The clients are 200 platform threads (Java 17)
 * sharing one {@link HttpClient} (HTTP/1.1, keep-alive); each records its own latencies, merged at the end. Every answer
 * that is not the endpoint's expected status is an error (5xx, timeouts and transport failures counted apart). It
 * prints req/s and p50/p90/p99/max per endpoint and overall. Afterwards it reads the whole audit log: it must hold at
 * least as many REFUSED records as the refusals the clients got (401, 403, other 4xx answers to changes) (every refusal audited, under load too). It exits 1
 * if there was any error or an unaudited refusal. Other settings:
 * {@code -Dbench.load.heap} (1g, the controller's), {@code -Dbench.load.timeout} (60 s per request),
 * {@code -Dbench.load.dir} ({@code target/load-bench}), {@code -Dbench.controller.jar}, {@code -Dbench.load.exclude}
 * (none: comma-separated parts of endpoint names to leave out, e.g. {@code grant} to isolate a fault).
 */
public final class LoadBenchmark {
    private static final int CLIENTS = Integer.getInteger("bench.load.clients", 200);
    private static final int SECONDS = Integer.getInteger("bench.load.seconds", 60);
    private static final int WARMUP = Integer.getInteger("bench.load.warmup", 10);
    private static final int GRANTS = Integer.getInteger("bench.load.grants", 3);
    private static final String DB = System.getProperty("bench.load.db", "h2");
    private static final String HEAP = System.getProperty("bench.load.heap", "1g");
    private static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("bench.load.timeout", 60));
    private static final Path DIR = Path.of(System.getProperty("bench.load.dir", "target/load-bench"));
    private static final String PG_URL = System.getProperty("bench.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = System.getProperty("bench.db.user", "postgres");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String SHA = "d".repeat(64);
    /** Endpoints whose name contains any of these (comma-separated) are left out of the mix, e.g. to isolate a fault. */
    private static final List<String> EXCLUDE = Arrays.stream(System.getProperty("bench.load.exclude", "").split(","))
            .map(String::strip).filter(s -> !s.isEmpty()).toList();

    /** One endpoint of the mix: who calls what, how often (weight), and the one status it must answer. */
    record Endpoint(String name, int weight, String user, String method, Supplier<String> path, Supplier<Object> body,
                    int expected) {
        Endpoint {
            requireNonNull(name, "name is null");
            requireNonNull(method, "method is null");
            requireNonNull(path, "path is null");
            requireNonNull(body, "body is null");
        }
    }

    /** A growable list of latencies in microseconds (one per client and endpoint: no sharing while measuring). */
    static final class Samples {
        long[] values = new long[256];
        int size;

        void add(long micros) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = micros;
        }
    }

    /** What one client saw: samples and errors per endpoint. */
    static final class ClientStats {
        final Samples[] samples;
        final long[] serverErrors;
        final long[] timeouts;
        final long[] transport;
        final long[] unexpected;

        ClientStats(int endpoints) {
            samples = new Samples[endpoints];
            for (int i = 0; i < endpoints; i++) {
                samples[i] = new Samples();
            }
            serverErrors = new long[endpoints];
            timeouts = new long[endpoints];
            transport = new long[endpoints];
            unexpected = new long[endpoints];
        }
    }

    private final AtomicLong counter = new AtomicLong();
    private final String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    private final LocalDate today = LocalDate.now(ZONE);
    private final Map<String, String> firstErrors = new ConcurrentHashMap<>();
    /**
     * Every refusal the clients got (probe, warm-up and measured) that the platform must audit (R-24d): any 401 or 403,
     * and any other 4xx to a request that is not a GET (a GET answered 404 is not a refused attempt).
     */
    private final java.util.concurrent.atomic.LongAdder refusalsAnswered = new java.util.concurrent.atomic.LongAdder();

    private LoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.exit(new LoadBenchmark().run());
    }

    private int run() throws Exception {
        Path runDir = DIR.resolve("run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(java.time.LocalDateTime.now()))
                .toAbsolutePath();
        List<String> settings = new ArrayList<>(List.of("--logging.level.root=WARN", "--logging.level.org.shuyu=WARN"));
        String database = null;
        if ("postgres".equals(DB)) {
            database = "shuyu_load_" + run;
            try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            }
            settings.add("--spring.datasource.url=" + PG_URL.substring(0, PG_URL.lastIndexOf('/') + 1) + database);
            settings.add("--spring.datasource.username=" + PG_USER);
            settings.add("--spring.datasource.password=");
        } else if (!"h2".equals(DB)) {
            throw new IllegalArgumentException("bench.load.db must be h2 or postgres, got " + DB);
        }
        ControllerProcess controller = new ControllerProcess(runDir.resolve("data"), runDir, ControllerProcess.freePort(), HEAP,
                settings);
        print("setup", String.format(Locale.ROOT, "%d clients, %d s after %d s warm-up, database %s, controller heap %s, %d processors"
                + " here (shared with the controller and anything else running), run dir %s", CLIENTS, SECONDS, WARMUP,
                database == null ? "H2 file (embedded default)" : "PostgreSQL " + database, HEAP,
                Runtime.getRuntime().availableProcessors(), runDir));
        try {
            double started = controller.start(Duration.ofSeconds(300));
            print("start", String.format(Locale.ROOT, "controller pid %d healthy in %.1f s (log %s)", controller.pid(), started,
                    controller.log()));
            HttpClient client = BenchApi.newClient();
            BenchApi api = new BenchApi(client, controller.baseUrl(), TIMEOUT);
            List<String> grants = new ArrayList<>();
            List<String> orgs = new ArrayList<>();
            for (int g = 0; g < GRANTS; g++) {
                String[] made = activeGrant(api, g);
                orgs.add(made[0]);
                grants.add(made[1]);
            }
            print("seed", GRANTS + " active grants with a vetted engineer: " + grants);
            List<Endpoint> mix = mix(grants, orgs);
            // Tokens for every user of the mix, before the clock starts; and each endpoint once, to show it answers.
            for (Endpoint e : mix) {
                if (e.user() != null) {
                    api.token(e.user());
                }
                BenchApi.Response probe = api.call(e.user(), e.method(), e.path().get(), e.body().get());
                if (mustBeAudited(e.method(), probe.status())) {
                    refusalsAnswered.increment();
                }
                if (probe.status() != e.expected()) {
                    print("probe", "WARNING " + e.name() + " answered " + probe + ", expected " + e.expected());
                }
            }
            print("probe", "each of the " + mix.size() + " endpoints called once");
            Measured warm = load(api, client, mix, WARMUP);
            print("warm-up", String.format(Locale.ROOT, "%d requests in %d s, %d errors", warm.requests(), WARMUP, warm.errors()));
            firstErrors.clear();
            Measured measured = load(api, client, mix, SECONDS);
            report(mix, measured);
            long unaudited = unauditedRefusals(api);
            return measured.errors() == 0 && unaudited == 0 ? 0 : 1;
        } finally {
            controller.stop();
            if (database != null) {
                try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                } catch (SQLException e) {
                    print("cleanup", "could not drop " + database + ": " + e.getMessage());
                }
            }
        }
    }

    record Measured(List<ClientStats> clients, double seconds, long requests, long errors) {}

    /** {@code CLIENTS} threads, each calling endpoints of the mix (by weight) back to back until the time is up. */
    private Measured load(BenchApi api, HttpClient client, List<Endpoint> mix, int seconds) throws InterruptedException {
        int[] wheel = mix.stream().flatMapToInt(e -> java.util.stream.IntStream.range(0, e.weight()).map(i -> mix.indexOf(e))).toArray();
        Map<String, String> tokens = new ConcurrentHashMap<>();
        for (Endpoint e : mix) {
            if (e.user() != null) {
                try {
                    tokens.put(e.user(), api.token(e.user()));
                } catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        }
        List<ClientStats> stats = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch ready = new CountDownLatch(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        for (int c = 0; c < CLIENTS; c++) {
            ClientStats mine = new ClientStats(mix.size());
            stats.add(mine);
            pool.execute(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < window[1]) {
                    int i = wheel[random.nextInt(wheel.length)];
                    Endpoint e = mix.get(i);
                    HttpRequest request = request(api, tokens, e);
                    long start = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long micros = (System.nanoTime() - start) / 1000;
                        mine.samples[i].add(micros);
                        int status = response.statusCode();
                        if (mustBeAudited(e.method(), status)) {
                            refusalsAnswered.increment();
                        }
                        if (status != e.expected()) {
                            if (status >= 500) {
                                mine.serverErrors[i]++;
                            } else {
                                mine.unexpected[i]++;
                            }
                            firstErrors.putIfAbsent(e.name() + " " + status, new String(response.body(),
                                    java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElse(""));
                        }
                    } catch (HttpTimeoutException timeout) {
                        mine.samples[i].add((System.nanoTime() - start) / 1000);
                        mine.timeouts[i]++;
                    } catch (IOException failed) {
                        mine.samples[i].add((System.nanoTime() - start) / 1000);
                        mine.transport[i]++;
                        firstErrors.putIfAbsent(e.name() + " transport", String.valueOf(failed));
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        ready.await();
        window[0] = System.nanoTime();
        window[1] = window[0] + TimeUnit.SECONDS.toNanos(seconds);
        go.countDown();
        pool.shutdown();
        // Requests started before the end may take up to the request timeout.
        if (!pool.awaitTermination(seconds + TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        double elapsed = (System.nanoTime() - window[0]) / 1e9;
        long requests = 0;
        long errors = 0;
        for (ClientStats s : stats) {
            for (int i = 0; i < mix.size(); i++) {
                requests += s.samples[i].size;
                errors += s.serverErrors[i] + s.timeouts[i] + s.transport[i] + s.unexpected[i];
            }
        }
        return new Measured(stats, elapsed, requests, errors);
    }

    private static HttpRequest request(BenchApi api, Map<String, String> tokens, Endpoint e) {
        HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(api.baseUrl() + e.path().get())).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (e.user() != null) {
            b.header("Authorization", "Bearer " + tokens.get(e.user()));
        }
        Object body = e.body().get();
        if (body == null) {
            b.method(e.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(e.method(),
                    HttpRequest.BodyPublishers.ofString(BenchApi.JSON.writeValueAsString(body)));
        }
        return b.build();
    }

    private void report(List<Endpoint> mix, Measured m) {
        System.out.printf(Locale.ROOT, "[load] %-34s %8s %8s %8s %8s %8s %9s %6s %5s %5s %5s%n", "endpoint", "requests", "req/s",
                "p50 ms", "p90 ms", "p99 ms", "max ms", "5xx", "t/o", "io", "other");
        long[] all = new long[(int) m.requests()];
        int at = 0;
        long totalErrors = 0;
        for (int i = 0; i < mix.size(); i++) {
            int n = 0;
            long s5 = 0;
            long to = 0;
            long io = 0;
            long other = 0;
            for (ClientStats c : m.clients()) {
                n += c.samples[i].size;
                s5 += c.serverErrors[i];
                to += c.timeouts[i];
                io += c.transport[i];
                other += c.unexpected[i];
            }
            long[] values = new long[n];
            int k = 0;
            for (ClientStats c : m.clients()) {
                System.arraycopy(c.samples[i].values, 0, values, k, c.samples[i].size);
                k += c.samples[i].size;
            }
            System.arraycopy(values, 0, all, at, n);
            at += n;
            Arrays.sort(values);
            totalErrors += s5 + to + io + other;
            System.out.printf(Locale.ROOT, "[load] %-34s %8d %8.1f %8s %8s %8s %9s %6d %5d %5d %5d%n", mix.get(i).name(), n,
                    n / m.seconds(), ms(values, 0.50), ms(values, 0.90), ms(values, 0.99), ms(values, 1.0), s5, to, io, other);
        }
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "[load] %-34s %8d %8.1f %8s %8s %8s %9s  errors %d%n", "ALL", all.length,
                all.length / m.seconds(), ms(all, 0.50), ms(all, 0.90), ms(all, 0.99), ms(all, 1.0), totalErrors);
        firstErrors.forEach((what, body) -> System.out.println("[load] first error " + what + ": " + body));
        System.out.printf(Locale.ROOT, "RESULT load (%s): %d clients, %.1f s, %d requests, %.1f req/s, p50 %s ms, p90 %s ms,"
                        + " p99 %s ms, max %s ms, errors %d%n", "postgres".equals(DB) ? "PostgreSQL" : "H2 file", CLIENTS,
                m.seconds(), all.length, all.length / m.seconds(), ms(all, 0.50), ms(all, 0.90), ms(all, 0.99), ms(all, 1.0),
                totalErrors);
    }

    private static boolean mustBeAudited(String method, int status) {
        return status == 401 || status == 403 || (status >= 400 && status < 500 && !"GET".equals(method));
    }

    /**
     * Every refusal is audited, under load too: the REFUSED records in the whole log must be at least the refusals
     * the clients got (401, 403, and other 4xx answers to changes) (the log may hold more, e.g. refusals answered 5xx after their record was written). Returns how
     * many refusals at least went unrecorded.
     */
    private long unauditedRefusals(BenchApi api) throws IOException, InterruptedException {
        long refused = 0;
        long records = 0;
        long after = 0;
        while (true) {
            BenchApi.Response page = api.get("security", "/api/v1/audit?limit=1000&after=" + after);
            if (!page.ok()) {
                print("audit", "could not read the audit log after the run: " + page);
                return 1;
            }
            tools.jackson.databind.JsonNode body = page.json();
            for (tools.jackson.databind.JsonNode r : body.path("records")) {
                records++;
                if ("REFUSED".equals(r.path("outcome").asString())) {
                    refused++;
                }
                after = Math.max(after, r.path("seq").asLong());
            }
            if (body.path("nextAfter").isMissingNode() || body.path("nextAfter").isNull() || body.path("records").isEmpty()) {
                break;
            }
        }
        long answered = refusalsAnswered.sum();
        long missing = Math.max(0, answered - refused);
        System.out.printf(Locale.ROOT, "RESULT load audit: %d refusals answered (401, 403, 4xx to changes), %d REFUSED records in the log (%d records"
                + " in all): %s%n", answered, refused, records, missing == 0 ? "every refusal audited"
                : "at least " + missing + " refusals NOT audited");
        return missing;
    }

    private static String ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return "-";
        }
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
        return String.format(Locale.ROOT, "%.1f", sorted[index] / 1000.0);
    }

    /** The endpoints with their weights (out of the sum) and the status each must answer. */
    private List<Endpoint> mix(List<String> grants, List<String> orgs) {
        Supplier<String> grant = () -> grants.get(ThreadLocalRandom.current().nextInt(grants.size()));
        Supplier<String> org = () -> orgs.get(ThreadLocalRandom.current().nextInt(orgs.size()));
        Supplier<Object> none = () -> null;
        List<Endpoint> mix = new ArrayList<>();
        // Reads.
        mix.add(new Endpoint("GET me", 6, "engineer", "GET", () -> "/api/v1/me", none, 200));
        mix.add(new Endpoint("GET datasets", 6, "applicant", "GET", () -> "/api/v1/datasets", none, 200));
        mix.add(new Endpoint("GET dataset", 4, "expert", "GET", () -> "/api/v1/datasets/registry.enterprises", none, 200));
        mix.add(new Endpoint("GET providers", 2, "applicant", "GET", () -> "/api/v1/providers", none, 200));
        mix.add(new Endpoint("GET organizations", 4, "admin", "GET", () -> "/api/v1/organizations", none, 200));
        mix.add(new Endpoint("GET organization", 4, "applicant", "GET", () -> "/api/v1/organizations/" + org.get(), none, 200));
        mix.add(new Endpoint("GET personnel", 3, "applicant", "GET", () -> "/api/v1/organizations/" + org.get() + "/personnel",
                none, 200));
        mix.add(new Endpoint("GET labs", 4, "admin", "GET", () -> "/api/v1/labs", none, 200));
        mix.add(new Endpoint("GET applications", 4, "admin", "GET", () -> "/api/v1/applications", none, 200));
        mix.add(new Endpoint("GET grants (authority)", 5, "admin", "GET", () -> "/api/v1/grants", none, 200));
        mix.add(new Endpoint("GET grants (engineer)", 5, "engineer", "GET", () -> "/api/v1/grants", none, 200));
        mix.add(new Endpoint("GET grant", 6, "admin", "GET", () -> "/api/v1/grants/" + grant.get(), none, 200));
        mix.add(new Endpoint("GET grant members", 3, "applicant", "GET", () -> "/api/v1/grants/" + grant.get() + "/members",
                none, 200));
        mix.add(new Endpoint("GET grant access", 3, "engineer", "GET", () -> "/api/v1/grants/" + grant.get() + "/access",
                none, 200));
        mix.add(new Endpoint("GET workspaces", 4, "engineer", "GET", () -> "/api/v1/workspaces", none, 200));
        mix.add(new Endpoint("GET workspace", 4, "engineer", "GET", () -> "/api/v1/workspaces/" + grant.get(), none, 200));
        mix.add(new Endpoint("GET workspace jobs", 4, "engineer", "GET", () -> "/api/v1/workspaces/" + grant.get() + "/jobs",
                none, 200));
        mix.add(new Endpoint("GET publications", 2, "applicant", "GET", () -> "/api/v1/publications", none, 200));
        mix.add(new Endpoint("GET filings", 2, "admin", "GET", () -> "/api/v1/filings", none, 200));
        mix.add(new Endpoint("GET deletions", 2, "security", "GET", () -> "/api/v1/deletions", none, 200));
        mix.add(new Endpoint("GET announcements", 3, "applicant", "GET", () -> "/api/v1/announcements", none, 200));
        mix.add(new Endpoint("GET products", 3, "engineer", "GET", () -> "/api/v1/products", none, 200));
        mix.add(new Endpoint("GET audit search", 4, "security", "GET", () -> "/api/v1/audit?limit=50", none, 200));
        mix.add(new Endpoint("GET audit by subject", 2, "admin", "GET", () -> "/api/v1/audit?subject=" + grant.get(), none, 200));
        // No job has run, so the lineage store knows no dataset yet: the query runs and answers 404 UNKNOWN_DATASET.
        mix.add(new Endpoint("GET lineage (none yet: 404)", 3, "security", "GET",
                () -> "/api/v1/lineage?dataset=registry.enterprises&direction=downstream", none, 404));
        mix.add(new Endpoint("GET audit verify", 1, "security", "GET", () -> "/api/v1/audit/verify", none, 200));
        // Writes.
        mix.add(new Endpoint("POST organization", 3, "applicant", "POST", () -> "/api/v1/organizations", () -> {
            long n = counter.incrementAndGet();
            String first17 = String.format(Locale.ROOT, "91330200%09d", (System.currentTimeMillis() / 1000 % 100_000) * 10_000 + n % 10_000);
            return Map.of("name", "Load bench Co. " + run + "-" + n, "uscc", first17 + Uscc.checkCharacter(first17),
                    "jurisdiction", "330200", "establishedOn", "2016-05-01",
                    "accountablePerson", Map.of("userId", "applicant", "name", "Li Qiang"));
        }, 201));
        mix.add(new Endpoint("POST lab", 2, "applicant", "POST", () -> "/api/v1/labs", () -> Map.of("organizationId", org.get(),
                "datasetIds", List.of("registry.enterprises"), "developmentApproach", "load bench features",
                "marketPlan", "scores", "months", 3), 201));
        mix.add(new Endpoint("POST announcement", 1, "admin", "POST", () -> "/api/v1/announcements", () -> Map.of(
                "title", "Load call " + counter.incrementAndGet(), "body", "data sandbox call", "conditions", "registered in Ningbo",
                "priorityDomains", List.of("INDUSTRY_VALUE"), "jurisdiction", "330200", "opensOn", today.toString(),
                "closesOn", today.plusDays(30).toString()), 201));
        mix.add(new Endpoint("PUT consent", 2, "admin", "PUT",
                () -> "/api/v1/datasets/social.contributions/consents/load-" + run + "-" + counter.incrementAndGet(),
                () -> Map.of("granted", ThreadLocalRandom.current().nextBoolean(), "evidence", "load bench form"), 200));
        // Refusals (each audited).
        mix.add(new Endpoint("refused: prohibited dataset", 1, "applicant", "POST", () -> "/api/v1/labs", () -> Map.of(
                "organizationId", org.get(), "datasetIds", List.of("police.household_registry"), "developmentApproach", "x",
                "marketPlan", "y", "months", 3), 422));
        mix.add(new Endpoint("refused: engineer suspends", 1, "engineer", "POST", () -> "/api/v1/grants/" + grant.get() + "/suspend",
                () -> Map.of("violation", "x", "rectificationDeadline", Instant.now().plus(Duration.ofDays(10)).toString()), 403));
        mix.add(new Endpoint("refused: engineer reads audit", 1, "engineer", "GET", () -> "/api/v1/audit", none, 403));
        mix.add(new Endpoint("refused: no token", 1, null, "GET", () -> "/api/v1/grants", none, 401));
        if (!EXCLUDE.isEmpty()) {
            mix.removeIf(e -> EXCLUDE.stream().anyMatch(x -> e.name().contains(x)));
            print("mix", "left out (-Dbench.load.exclude=" + String.join(",", EXCLUDE) + "): endpoints whose name contains any of these");
        }
        return mix;
    }

    /** An organization and an ACTIVE grant of it with the engineer as a vetted member: {org, grant}. */
    private String[] activeGrant(BenchApi api, int g) throws IOException, InterruptedException {
        String n = run + "-" + g;
        String first17 = String.format(Locale.ROOT, "91330200%09d", (System.currentTimeMillis() / 1000 % 100_000) * 10_000 + 9_000 + g);
        String org = ok(api.call("applicant", "POST", "/api/v1/organizations", Map.of("name", "Load bench operator " + n,
                "uscc", first17 + Uscc.checkCharacter(first17), "jurisdiction", "330200", "establishedOn", "2016-05-01",
                "accountablePerson", Map.of("userId", "applicant", "name", "Li Qiang")))).json().path("id").asString();
        String lab = ok(api.call("applicant", "POST", "/api/v1/labs", Map.of("organizationId", org,
                "datasetIds", List.of("registry.enterprises", "tax.payments"), "developmentApproach", "credit features",
                "marketPlan", "scores for local banks", "months", 3))).json().path("id").asString();
        ok(api.call("admin", "POST", "/api/v1/labs/" + lab + "/approve", Map.of("note", "approved")));
        ok(api.call("admin", "POST", "/api/v1/labs/" + lab + "/complete", Map.of("conclusion", "PASSED", "summary", "ok",
                "findings", "none")));
        String app = ok(api.call("applicant", "POST", "/api/v1/applications", Map.of("labId", lab, "scenario", "load scenario " + n,
                "priorityDomain", "INDUSTRY_VALUE", "level", "MUNICIPAL"))).json().path("id").asString();
        for (String kind : List.of("application-form", "data-security-commitment", "security-risk-self-assessment")) {
            ok(api.call("applicant", "PUT", "/api/v1/applications/" + app + "/materials/" + kind,
                    Map.of("documentName", kind + ".pdf", "sha256", SHA)));
        }
        ok(api.call("applicant", "PUT", "/api/v1/applications/" + app + "/materials/audit-and-financial-reports",
                Map.of("documentName", "audit.pdf", "sha256", SHA, "periodEnd", (today.getYear() - 1) + "-12-31")));
        ok(api.call("applicant", "POST", "/api/v1/applications/" + app + "/submit", null));
        Map<String, Object> review = Map.of("opinions", List.of(
                Map.of("point", "APPLICANT", "verdict", "FAVOURABLE", "comment", "qualified"),
                Map.of("point", "PRODUCT_FEASIBILITY_AND_COMPLIANCE", "verdict", "FAVOURABLE", "comment", "feasible"),
                Map.of("point", "DATA_SECURITY_AND_PERSONAL_INFORMATION", "verdict", "FAVOURABLE", "comment", "adequate"),
                Map.of("point", "EMERGENCY_PLAN", "verdict", "FAVOURABLE", "comment", "adequate")));
        ok(api.call("expert", "POST", "/api/v1/applications/" + app + "/reviews", review));
        ok(api.call("provider", "POST", "/api/v1/applications/" + app + "/reviews", review));
        ok(api.call("coordination", "POST", "/api/v1/applications/" + app + "/deliberation", Map.of("meetingDate", today.toString(),
                "attendees", "coordination body", "minutes", "deliberated", "outcome", "APPROVE")));
        ok(api.call("leading-group", "POST", "/api/v1/applications/" + app + "/approval", Map.of("decisionNumber", "NB-LG-" + n,
                "approvedOn", today.toString(), "note", "approved")));
        String grant = ok(api.call("admin", "POST", "/api/v1/grants", Map.of("applicationId", app, "termStart", today.toString(),
                "termEnd", today.plusYears(2).toString(),
                "agreement", Map.of("documentName", "agreement.pdf", "sha256", SHA, "signedOn", today.toString()),
                "emergencyPlan", Map.of("documentName", "plan.pdf", "sha256", SHA, "summary", "isolate and notify",
                        "contacts", "duty officer")))).json().path("id").asString();
        ok(api.call("admin", "POST", "/api/v1/grants/" + grant + "/activate", null));
        ok(api.call("applicant", "POST", "/api/v1/grants/" + grant + "/members", Map.of("userId", "engineer", "name", "Zhang Wei")));
        Map<String, Object> vetted = Map.of("completedOn", today.toString(), "evidence", "load bench record");
        ok(api.call("applicant", "PUT", "/api/v1/organizations/" + org + "/personnel/engineer", Map.of("name", "Zhang Wei",
                "items", Map.of("PRE_JOB_TRAINING", vetted, "REAL_NAME_AUTHENTICATION", vetted, "FILING_AND_VETTING", vetted,
                        "CONFIDENTIALITY_AGREEMENT", vetted))));
        // The workspace is provisioned by a reconciler after activation: wait for it (reads of it are in the mix).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (api.get("engineer", "/api/v1/workspaces/" + grant + "/jobs").status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the workspace of " + grant + " was not provisioned within 120 s");
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return new String[] {org, grant};
    }

    private static BenchApi.Response ok(BenchApi.Response response) {
        if (!response.ok()) {
            throw new IllegalStateException("seeding failed: " + response);
        }
        return response;
    }

    private static void print(String part, String text) {
        System.out.println("[load] " + part + ": " + text);
    }
}

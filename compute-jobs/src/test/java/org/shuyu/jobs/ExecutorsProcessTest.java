package org.shuyu.jobs;

import java.time.Duration;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.shuyu.jobs.testing.TestWorkspace;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.runtime.contract.EngineFiles;
import org.shuyu.runtime.contract.EngineLaunch;
import org.shuyu.runtime.contract.EngineReady;
import org.shuyu.runtime.contract.EngineRequest;
import org.shuyu.runtime.contract.EngineStatementState;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeLaunch;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.SparkCluster;
import org.shuyu.runtime.contract.StandaloneLaunch;

/**
 * Jobs and a workspace engine on a Spark standalone cluster of one master and two workers, each its own JVM started
 * with {@link StandaloneLaunch}'s command lines (what the controller's StandaloneCluster runs), with authentication
 * on. Each driver gets two executors in JVMs of their own (distinct executor ids and process ids, neither the
 * driver's), and what the driver decided holds there: masked columns arrive hashed, rows of non-consenting subjects
 * never arrive, refusals stay refusals, lineage is recorded; no raw value, salt, token or cluster secret appears in
 * any file the master, the workers or the executors wrote, nor on the executors' command lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExecutorsProcessTest {
    private static final String ENGINE_SECRET = "executors-engine-secret-5151";
    /** Raw values of masked columns and of the non-consenting subjects' rows: none may reach any output. */
    private static final List<String> RAW = List.of("Zhang San", "Li Si", "Wang Wu", "13800001111", "13900002222",
            "Chen Yi", "Chen Er", "Chen Si", "13611110002", "13611110004");
    private static final Pattern DAEMON = Pattern.compile("Started daemon with process name: (\\d+)@");

    private final ObjectMapper mapper = new ObjectMapper();
    private final RuntimeJson json = new RuntimeJson();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> daemons = new ArrayList<>();
    private TestWorkspace workspace;
    private String secret;
    private String classpath;
    private Path clusterDir;
    private int uiPort;
    private SparkCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        workspace = new TestWorkspace();
        classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        secret = HexFormat.of().formatHex(random);
        clusterDir = workspace.root().resolve("spark");
        Path home = clusterDir.resolve("home");
        Files.createDirectories(home.resolve("jars"));
        int port = freePort();
        uiPort = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String masterUrl = "spark://127.0.0.1:" + port;
        daemons.add(daemon(StandaloneLaunch.masterCommand(java, classpath, "t", port, uiPort, "256m"),
                home, clusterDir.resolve("master")));
        for (int i = 1; i <= 2; i++) {
            Path dir = clusterDir.resolve("worker-" + i);
            daemons.add(daemon(StandaloneLaunch.workerCommand(java, classpath, "t", i, masterUrl, 1, 768, dir, "256m"),
                    home, dir));
        }
        // Generous: on a loaded shared machine a JVM start alone can take a minute.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (aliveWorkers() < 2) {
            assertThat(System.nanoTime()).as("two workers registered with the master").isLessThan(deadline);
            assertThat(daemons).allMatch(Process::isAlive);
            Thread.sleep(200);
        }
        cluster = StandaloneLaunch.driverCluster(masterUrl, 2, 1, 512, classpath);
    }

    private Process daemon(List<String> command, Path home, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("local"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(StandaloneLaunch.daemonEnvironment(home, dir.resolve("local"), secret));
        return builder.start();
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (Process daemon : daemons) {
            daemon.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        workspace.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private JsonNode master() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return mapper.readTree(r.body());
    }

    private int aliveWorkers() {
        try {
            return master().get("aliveworkers").asInt();
        } catch (Exception e) {
            return 0; // not up yet
        }
    }

    /** The application id the master gave the app named {@code name}. */
    private String applicationId(String name) throws Exception {
        JsonNode state = master();
        for (String list : List.of("activeapps", "completedapps")) {
            for (JsonNode app : state.get(list)) {
                if (app.get("name").asText().equals(name)) {
                    return app.get("id").asText();
                }
            }
        }
        throw new AssertionError("no application " + name + " in " + state);
    }

    /** Executor id → the pid its stderr reports, over both workers' directories of {@code appId}. */
    private Map<String, Long> executorPids(String appId) throws IOException {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (int i = 1; i <= 2; i++) {
            Path app = clusterDir.resolve("worker-" + i).resolve(appId);
            if (!Files.isDirectory(app)) {
                continue;
            }
            try (Stream<Path> executors = Files.list(app)) {
                for (Path executor : executors.toList()) {
                    Matcher m = DAEMON.matcher(Files.readString(executor.resolve("stderr")));
                    assertThat(m.find()).as("executor " + executor + " says which process it is").isTrue();
                    pids.put(executor.getFileName().toString(), Long.parseLong(m.group(1)));
                }
            }
        }
        return pids;
    }

    private long tasksRun(String appId) throws IOException {
        long tasks = 0;
        for (int i = 1; i <= 2; i++) {
            Path app = clusterDir.resolve("worker-" + i).resolve(appId);
            if (Files.isDirectory(app)) {
                try (Stream<Path> files = Files.walk(app)) {
                    for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                        tasks += Files.readString(f).lines().filter(l -> l.contains("Finished task")).count();
                    }
                }
            }
        }
        return tasks;
    }

    /** Every file the cluster wrote (daemon logs, executors' stderr and stdout) holds none of {@code values}. */
    private void assertClusterFilesHoldNone(List<String> values) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(clusterDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).as("executor logs exist").anyMatch(f -> f.getFileName().toString().equals("stderr"));
        for (Path file : files) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String value : values) {
                assertThat(text).as(file + " holds no sentinel").doesNotContain(value);
            }
        }
    }

    private List<String> secrets() {
        List<String> all = new ArrayList<>(RAW);
        all.addAll(List.of(TestWorkspace.SALT, TestWorkspace.TOKEN, ENGINE_SECRET, secret));
        return all;
    }

    @Test
    @Order(1)
    @Tag("R-24b")
    void aJobRunsOnTwoExecutorsOfItsOwnAndItsMasksConsentAndLineageHold() throws Exception {
        String jobId = "exec-job-1";
        Path out = workspace.root().resolve("jobs").resolve(jobId);
        Files.createDirectories(out);
        ObjectNode config = (ObjectNode) mapper.readTree(workspace.config(jobId, List.of(
                "CREATE TABLE features AS SELECT e.uscc, e.legal_representative, c.person_id, c.contribution_base "
                        + "FROM registry.enterprises e JOIN social.contributions c ON e.uscc = c.employer_uscc",
                "CREATE TABLE spread AS SELECT id % 7 AS k, count(*) AS n FROM range(0, 400000, 1, 6) GROUP BY id % 7"),
                Optional.empty(), out));
        config.set("cluster", mapper.valueToTree(cluster));
        Path file = out.resolve("config.json");
        Files.writeString(file, config.toPrettyString());
        assertThat(json.read(Files.readString(file), RuntimeRequest.class).cluster()).contains(cluster);

        Process driver = java(List.of("-Xmx768m", "-cp", classpath, RuntimeLaunch.MAIN_CLASS, file.toString()), out,
                Map.of(RuntimeLaunch.TOKEN_ENV, TestWorkspace.TOKEN, RuntimeLaunch.MASK_SALT_ENV, TestWorkspace.SALT));
        finish(driver);
        assertThat(driver.exitValue()).as(Files.readString(out.resolve("stderr.log"))).isZero();

        Map<String, Long> pids = executorPids(applicationId("shuyu-" + jobId));
        System.out.println("EXECUTORS of " + jobId + " (driver " + driver.pid() + "): " + pids);
        assertThat(pids).hasSize(2);
        assertThat(pids.values()).doesNotHaveDuplicates().doesNotContain(driver.pid(), ProcessHandle.current().pid());
        assertThat(tasksRun(applicationId("shuyu-" + jobId))).as("tasks ran in the executors").isGreaterThanOrEqualTo(6);

        // What the executors wrote is what the driver decided: hashed identifiers, consenting subjects only.
        Path table = workspace.warehouseDir().resolve(TestWorkspace.DATABASE + ".db/features");
        String written = parquetBytes(table);
        assertThat(written).contains(TestWorkspace.hash("Zhang San"), TestWorkspace.hash("P1"), TestWorkspace.hash("P3"));
        for (String raw : RAW) {
            assertThat(written).as("the table holds no raw " + raw).doesNotContain(raw);
        }
        assertThat(written).doesNotContain(TestWorkspace.hash("P2"), TestWorkspace.hash("P4"));
        List<LineageEvent> events = workspace.server().lineage().events(jobId);
        assertThat(events).extracting(e -> e.step() + " " + e.phase()).containsExactly("1 START", "1 COMPLETE",
                "2 START", "2 COMPLETE");
        assertThat(events.get(0).edges()).contains(new ColumnEdge(
                new ColumnRef("registry.enterprises", "legal_representative"),
                new ColumnRef(TestWorkspace.DATABASE + ".features", "legal_representative"), TransformationKind.MASKED));
        assertClusterFilesHoldNone(secrets());
        assertThat(Files.readString(out.resolve("stderr.log"))).doesNotContain(secret, TestWorkspace.SALT);
    }

    @Test
    @Order(2)
    @Tag("R-19a")
    void aRefusedJobOnTheClusterStaysRefused() throws Exception {
        String jobId = "exec-job-2";
        Path out = workspace.root().resolve("jobs").resolve(jobId);
        Files.createDirectories(out);
        ObjectNode config = (ObjectNode) mapper.readTree(workspace.config(jobId,
                List.of("CREATE TABLE leak AS SELECT * FROM census.people"), Optional.empty(), out));
        config.set("cluster", mapper.valueToTree(cluster));
        Path file = out.resolve("config.json");
        Files.writeString(file, config.toPrettyString());
        Process driver = java(List.of("-Xmx768m", "-cp", classpath, RuntimeLaunch.MAIN_CLASS, file.toString()), out,
                Map.of(RuntimeLaunch.TOKEN_ENV, TestWorkspace.TOKEN, RuntimeLaunch.MASK_SALT_ENV, TestWorkspace.SALT));
        finish(driver);
        assertThat(driver.exitValue()).isEqualTo(2);
        assertThat(mapper.readTree(out.resolve("status.json").toFile()).get("code").asText()).isEqualTo("ACCESS_DENIED");
        assertThat(workspace.warehouseDir().resolve(TestWorkspace.DATABASE + ".db/leak")).doesNotExist();
        assertClusterFilesHoldNone(secrets());
    }

    @Test
    @Order(3)
    @Tag("R-24b")
    @Tag("R-21b")
    void aWorkspaceEngineRunsOnTwoExecutorsOfItsOwnAndItsMasksAndConsentHold() throws Exception {
        Path engineDir = workspace.root().resolve("engine");
        Files.createDirectories(engineDir);
        RuntimeRequest job = json.read(workspace.config("cfg", List.of("SELECT 1"), Optional.empty(), engineDir),
                RuntimeRequest.class);
        EngineRequest request = new EngineRequest("eng-exec", TestWorkspace.WORKSPACE_ID, TestWorkspace.SERVICE,
                TestWorkspace.DATABASE, workspace.workspaceDir(), workspace.warehouseDir(), workspace.filesDir(),
                workspace.server().url().toString(), 200, 3000, 5000, job.sources(), 2, 768, 50, "127.0.0.1", 0, 0,
                false, engineDir, Optional.of(cluster));
        Path file = engineDir.resolve(EngineFiles.REQUEST);
        Files.writeString(file, json.write(request));
        Process engine = java(List.of("-Xmx768m", "-cp", classpath, EngineLaunch.MAIN_CLASS, file.toString()),
                engineDir, Map.of(EngineLaunch.ENGINE_TOKEN_ENV, TestWorkspace.TOKEN, EngineLaunch.ENGINE_SECRET_ENV,
                        ENGINE_SECRET, RuntimeLaunch.MASK_SALT_ENV, TestWorkspace.SALT));
        try {
            Path readyFile = engineDir.resolve(EngineFiles.READY);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
            while (!Files.exists(readyFile) && engine.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Path internal = engineDir.resolve("internal").resolve("engine.log");
            assertThat(readyFile).as(Files.readString(engineDir.resolve("stderr.log"))
                    + (Files.exists(internal) ? Files.readString(internal) : "")).exists();
            EngineReady ready = json.read(Files.readString(readyFile), EngineReady.class);
            URI control = URI.create("http://127.0.0.1:" + ready.controlPort());

            String member = open(control, TestWorkspace.USER);
            EngineStatementState masked = run(control, member,
                    "SELECT uscc, legal_representative, phone FROM registry.enterprises ORDER BY uscc");
            assertThat(masked.state()).as(masked.toString()).isEqualTo(EngineStatementState.State.SUCCEEDED);
            String maskedStatement = lastStatement;
            assertThat(masked.result().orElseThrow().rows().get(0))
                    .containsExactly("U001", TestWorkspace.hash("Zhang San"), "xxxxxxx1111");
            EngineStatementState consented = run(control, member,
                    "SELECT person_id FROM social.contributions ORDER BY person_id");
            assertThat(consented.result().orElseThrow().rows())
                    .containsExactlyInAnyOrder(List.of(TestWorkspace.hash("P1")), List.of(TestWorkspace.hash("P3")));
            EngineStatementState spread = run(control, member,
                    "SELECT count(*) FROM range(0, 400000, 1, 6) WHERE id % 3 = 0");
            assertThat(spread.result().orElseThrow().rows()).containsExactly(List.of("133334"));
            // The cluster's secret is a driver setting: reading it from SQL is refused and tells nothing.
            EngineStatementState read = run(control, member, "SET spark.authenticate.secret");
            assertThat(read.state()).isNotEqualTo(EngineStatementState.State.SUCCEEDED);
            assertThat(read.toString()).doesNotContain(secret);
            String outsider = open(control, "someone-else");
            EngineStatementState refused = run(control, outsider, "SELECT legal_representative FROM registry.enterprises");
            assertThat(refused.state()).isEqualTo(EngineStatementState.State.REFUSED);

            String appId = applicationId("shuyu-engine-eng-exec");
            Map<String, Long> pids = executorPids(appId);
            System.out.println("EXECUTORS of the engine (driver " + engine.pid() + "): " + pids);
            assertThat(pids).hasSize(2);
            assertThat(pids.values()).doesNotHaveDuplicates().doesNotContain(engine.pid(), ready.pid(),
                    ProcessHandle.current().pid());
            // Each executor is a live JVM a worker started, and the cluster secret is not on its command line.
            List<Long> workerChildren = daemons.subList(1, 3).stream()
                    .flatMap(w -> w.toHandle().descendants()).map(ProcessHandle::pid).toList();
            assertThat(workerChildren).containsAll(pids.values());
            for (long pid : pids.values()) {
                // The whole command line (ProcessHandle's is cut after the long class path).
                String commandLine = Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.ISO_8859_1)
                        .replace('\0', ' ');
                assertThat(commandLine).contains("CoarseGrainedExecutorBackend").doesNotContain(secret,
                        TestWorkspace.SALT);
            }
            assertThat(tasksRun(appId)).isGreaterThanOrEqualTo(6);
            assertThat(workspace.server().lineage().events(maskedStatement))
                    .as("the engine's statements recorded lineage").isNotEmpty();
            assertClusterFilesHoldNone(secrets());
        } finally {
            engine.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** Generous (a loaded shared machine runs a 20 s job in minutes); a driver that does not finish is killed. */
    private static void finish(Process driver) throws InterruptedException {
        boolean finished = driver.waitFor(600, TimeUnit.SECONDS);
        if (!finished) {
            driver.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(finished).as("the driver finished").isTrue();
    }

    private Process java(List<String> args, Path dir, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put(StandaloneLaunch.AUTH_SECRET_ENV, secret);
        builder.redirectOutput(dir.resolve("stdout.log").toFile());
        builder.redirectError(dir.resolve("stderr.log").toFile());
        return builder.start();
    }

    private HttpResponse<String> call(URI control, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(control.resolve(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ENGINE_SECRET);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int ids;
    private String lastStatement;

    private String open(URI control, String user) throws Exception {
        String id = "s-" + ++ids;
        HttpResponse<String> r = call(control, "POST", "/sessions", "{\"sessionId\":\"" + id + "\",\"user\":\"" + user + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return id;
    }

    private EngineStatementState run(URI control, String session, String sql) throws Exception {
        String id = "st-" + ++ids;
        lastStatement = id;
        String body = mapper.createObjectNode().put("statementId", id).put("token", TestWorkspace.TOKEN)
                .put("sql", sql).put("maxRows", 10).toString();
        HttpResponse<String> r = call(control, "POST", "/sessions/" + session + "/statements", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> s = call(control, "GET", "/statements/" + id + "?waitMillis=30000", null);
            EngineStatementState state = json.read(s.body(), EngineStatementState.class);
            if (state.state().isFinal()) {
                return state;
            }
        }
        throw new AssertionError("statement " + id + " did not end");
    }

    /** All bytes of the parquet files of a table, as Latin-1 text (dictionary and plain strings are literal). */
    private static String parquetBytes(Path table) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> walk = Files.walk(table)) {
            for (Path f : walk.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }
}

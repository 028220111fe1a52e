package org.shuyu.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shuyu.jobs.testing.TestWorkspace;
import org.shuyu.runtime.contract.EngineFiles;
import org.shuyu.runtime.contract.EngineHealth;
import org.shuyu.runtime.contract.EngineLaunch;
import org.shuyu.runtime.contract.EngineReady;
import org.shuyu.runtime.contract.EngineRequest;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeLaunch;
import org.shuyu.runtime.contract.RuntimeRequest;

/** EngineMain as the launcher starts it: a child JVM, ready.json, platform-only output, /shutdown, bad setups. */
class EngineMainProcessTest {
    private static final String SECRET = "process-secret-4242";
    private final RuntimeJson json = new RuntimeJson();
    private TestWorkspace workspace;
    private Process process;

    @BeforeEach
    void setUp() throws Exception {
        workspace = new TestWorkspace();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        workspace.close();
    }

    private Path engineDir() {
        return workspace.root().resolve("engine");
    }

    private Process start(boolean withSecret) throws Exception {
        Path out = Files.createTempDirectory(workspace.root(), "cfg");
        RuntimeRequest job = json.read(workspace.config("cfg", List.of("SELECT 1"), Optional.empty(), out),
                RuntimeRequest.class);
        EngineRequest request = new EngineRequest("eng-proc", TestWorkspace.WORKSPACE_ID, TestWorkspace.SERVICE,
                TestWorkspace.DATABASE, workspace.workspaceDir(), workspace.warehouseDir(), workspace.filesDir(),
                workspace.server().url().toString(), 200, 3000, 5000, job.sources(), 1, 512, 50, "127.0.0.1", 0, 0,
                true, engineDir(), Optional.empty());
        Files.createDirectories(engineDir());
        Path file = engineDir().resolve(EngineFiles.REQUEST);
        Files.writeString(file, json.write(request));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(classpath);
        command.add(EngineLaunch.MAIN_CLASS);
        command.add(file.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(EngineLaunch.ENGINE_TOKEN_ENV, TestWorkspace.TOKEN);
        if (withSecret) {
            builder.environment().put(EngineLaunch.ENGINE_SECRET_ENV, SECRET);
        } else {
            builder.environment().remove(EngineLaunch.ENGINE_SECRET_ENV);
        }
        builder.environment().put(RuntimeLaunch.MASK_SALT_ENV, TestWorkspace.SALT);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.redirectOutput(engineDir().resolve("stdout.log").toFile());
        builder.redirectError(engineDir().resolve("stderr.log").toFile());
        process = builder.start(); // stdin stays a pipe this test holds (parent watch)
        return process;
    }

    @Test
    void startsWritesReadyServesAndShutsDownWithPlatformLinesOnly() throws Exception {
        long t0 = System.nanoTime();
        start(true);
        Path ready = engineDir().resolve(EngineFiles.READY);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!Files.exists(ready) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ready).as(Files.readString(engineDir().resolve("stderr.log"))).exists();
        System.out.println("ENGINE cold start (child JVM, until ready.json): " + (System.nanoTime() - t0) / 1_000_000L
                + " ms");
        EngineReady engine = json.read(Files.readString(ready), EngineReady.class);
        assertThat(engine.pid()).isEqualTo(process.pid());
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + engine.controlPort());
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health"))
                .header("Authorization", "Bearer " + SECRET).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.read(health.body(), EngineHealth.class).sessions()).isZero();
        HttpResponse<String> stop = http.send(HttpRequest.newBuilder(base.resolve("/shutdown"))
                .header("Authorization", "Bearer " + SECRET).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stop.statusCode()).isEqualTo(202);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(EngineMain.STOPPED);
        String platform = Files.readString(engineDir().resolve("stderr.log"))
                + Files.readString(engineDir().resolve("stdout.log"));
        for (String line : platform.lines().toList()) {
            assertThat(line).matches(".* engine eng-proc (starting|ready: .*|stopped)");
        }
        assertThat(platform).doesNotContain(SECRET).doesNotContain(TestWorkspace.TOKEN);
        assertThat(engineDir().resolve("internal").resolve("engine.log")).exists();
    }

    @Test
    void withoutItsSecretTheEngineDoesNotStart() throws Exception {
        start(false);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(EngineMain.FAILED);
        assertThat(Files.readString(engineDir().resolve("stderr.log"))).contains("INVALID_CONFIG")
                .contains(EngineLaunch.ENGINE_SECRET_ENV);
        assertThat(engineDir().resolve(EngineFiles.READY)).doesNotExist();
    }
}

package org.shuyu.controller.adapter.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.controller.adapter.engine.HttpEngineControl;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.engine.EngineEndpoint;
import org.shuyu.controller.engine.EngineLauncher;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.runtime.contract.EngineHealth;
import org.shuyu.runtime.contract.EngineRequest;
import org.shuyu.runtime.contract.EngineSession;
import org.shuyu.runtime.contract.RuntimeJson;

/**
 * The local engine launcher with a stand-in engine ({@link FakeEngineMain}) as a real child JVM: engine.json, the
 * scrubbed environment with credential, secret and salt, ready.json, the control API behind the secret, stop, and
 * leftovers of an earlier controller found by the registry's pid and by the pid files.
 */
class LocalEngineLauncherTest {
    @TempDir
    Path data;

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void killAll() {
        started.forEach(ProcessHandle::destroyForcibly);
    }

    static LocalEngineLauncher launcher(Path dataDir) {
        SandboxProperties properties = new SandboxProperties(SandboxProperties.Mode.EMBEDDED, dataDir, false,
                new SandboxProperties.Identity(null, null, "shuyu-controller", Duration.ofSeconds(30), true, Duration.ofMinutes(15)),
                new SandboxProperties.Audit(400), new SandboxProperties.Lifecycle(Duration.ofSeconds(60), Duration.ZERO),
                new SandboxProperties.Workspaces(Duration.ofSeconds(10)),
                new SandboxProperties.Jobs(1, "64m", Duration.ofMinutes(1), Duration.ofMinutes(1), 100, 1000, 10000, null,
                        "http://127.0.0.1:9", null));
        return new LocalEngineLauncher(properties, RuntimeClasspath.Found.of(System.getProperty("java.class.path")),
                FakeEngineMain.class.getName());
    }

    private EngineLauncher.Spec spec(String engineId, String database) throws Exception {
        Path workspace = Files.createDirectories(data.resolve("workspaces/grant-1"));
        return new EngineLauncher.Spec(engineId, "grant-1", "shuyu_grant_1", database, workspace,
                workspace.resolve("data/warehouse"), workspace.resolve("data/files"), workspace.resolve("engines/" + engineId),
                List.of(), 1, 256, 100, "engine-token-" + engineId, "engine-secret-" + engineId, "salt");
    }

    private EngineLauncher.Launched start(LocalEngineLauncher launcher, EngineLauncher.Spec spec) {
        EngineLauncher.Launched launched = launcher.start(spec);
        ProcessHandle.of(Long.parseLong(launched.location())).ifPresent(started::add);
        return launched;
    }

    @Test
    void startsTheEngineAndReachesItsControlApiWithTheSecretOnly() throws Exception {
        LocalEngineLauncher launcher = launcher(data);
        EngineLauncher.Spec spec = spec("engine-a", "ws_grant_1");
        EngineLauncher.Launched launched = start(launcher, spec);
        EngineLauncher.Ready ready = launcher.awaitReady(launched, Duration.ofSeconds(60));

        assertThat(ready.connectHost()).isEqualTo("127.0.0.1");
        assertThat(ready.controlUrl().getHost()).isEqualTo("127.0.0.1");
        EngineRequest request = new RuntimeJson().read(Files.readString(spec.engineDir().resolve("engine.json")),
                EngineRequest.class);
        assertThat(request.parentWatch()).isTrue();
        assertThat(request.memoryMb()).isEqualTo(256);
        assertThat(request.bindHost()).isEqualTo("127.0.0.1");
        assertThat(Files.readString(spec.engineDir().resolve("engine.json"))).doesNotContain(spec.secret())
                .doesNotContain(spec.token());
        assertThat(Files.readString(spec.engineDir().resolve("token.txt"))).isEqualTo(spec.token());
        assertThat(data.resolve("engines/engine-a.pid")).exists();
        long pid = Long.parseLong(launched.location());
        assertThat(ProcessHandle.of(pid).orElseThrow().info().commandLine().orElse("")).contains("-Xmx256m");

        HttpEngineControl control = new HttpEngineControl(Duration.ofSeconds(10));
        EngineEndpoint endpoint = new EngineEndpoint("engine-a", "grant-1", ready.controlUrl(), ready.connectHost(),
                ready.connectPort(), spec.secret());
        EngineHealth health = control.health(endpoint);
        assertThat(health.engineId()).isEqualTo("engine-a");
        control.openSession(endpoint, new EngineSession("session-1", "engineer"));

        EngineEndpoint wrongSecret = new EngineEndpoint("engine-a", "grant-1", ready.controlUrl(), ready.connectHost(),
                ready.connectPort(), "not-the-secret");
        assertThatThrownBy(() -> control.health(wrongSecret)).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_FAILED));
        assertThatThrownBy(() -> control.statement(endpoint, "job-404", 0)).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

        assertThat(launcher.alive(launched)).isTrue();
        launcher.stop(launched);
        assertThat(launcher.alive(launched)).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(data.resolve("engines/engine-a.pid")).doesNotExist();
        assertThatThrownBy(() -> control.health(endpoint)).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
    }

    @Test
    void anEngineThatDiesOrNeverGetsReadyIsUnavailableAndStopped() throws Exception {
        LocalEngineLauncher launcher = launcher(data);
        EngineLauncher.Launched crashing = start(launcher, spec("engine-crash", "crash"));
        assertThatThrownBy(() -> launcher.awaitReady(crashing, Duration.ofSeconds(60)))
                .isInstanceOfSatisfying(SandboxException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("exited with code 3");
                });

        EngineLauncher.Launched slow = start(launcher, spec("engine-slow", "never_ready"));
        long pid = Long.parseLong(slow.location());
        assertThatThrownBy(() -> launcher.awaitReady(slow, Duration.ofMillis(1500)))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aRestartedControllerStopsTheEnginesAnEarlierOneLeft() throws Exception {
        LocalEngineLauncher before = launcher(data);
        EngineLauncher.Launched first = start(before, spec("engine-left-1", "ws_grant_1"));
        EngineLauncher.Launched second = start(before, spec("engine-left-2", "ws_grant_1"));
        before.awaitReady(first, Duration.ofSeconds(60));
        before.awaitReady(second, Duration.ofSeconds(60));
        ProcessHandle firstProcess = ProcessHandle.of(Long.parseLong(first.location())).orElseThrow();
        ProcessHandle secondProcess = ProcessHandle.of(Long.parseLong(second.location())).orElseThrow();

        LocalEngineLauncher after = launcher(data);
        // The registry's pid of another engine id is not this engine: nothing is killed.
        assertThat(after.stopLeftover("engine-other", "grant-1", first.location())).isFalse();
        assertThat(firstProcess.isAlive()).isTrue();
        // By the registry.
        assertThat(after.stopLeftover("engine-left-1", "grant-1", first.location())).isTrue();
        firstProcess.onExit().get(10, TimeUnit.SECONDS);
        assertThat(firstProcess.isAlive()).isFalse();
        // By the pid file alone.
        assertThat(after.stopStrays(List.of())).isEqualTo(1);
        secondProcess.onExit().get(10, TimeUnit.SECONDS);
        assertThat(secondProcess.isAlive()).isFalse();
        assertThat(data.resolve("engines/engine-left-2.pid")).doesNotExist();
    }

    @Test
    void aProcessWhosePidWasReusedIsNotKilled() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        started.add(sleeper.toHandle());
        LocalEngineLauncher launcher = launcher(data);
        assertThat(launcher.stopLeftover("engine-x", "grant-1", Long.toString(sleeper.pid()))).isFalse();
        assertThat(sleeper.isAlive()).isTrue();
    }
}

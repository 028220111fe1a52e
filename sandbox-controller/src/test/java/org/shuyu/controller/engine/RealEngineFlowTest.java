package org.shuyu.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.job.WorkspaceReconciler;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.runtime.contract.EngineHealth;
import org.shuyu.runtime.contract.EngineLaunch;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The real warm engine ({@code EngineMain} of compute-jobs, helper "engine") started by the controller's own launcher:
 * ready, healthy behind its secret, stopped with its process. Skipped until compute-jobs is built with EngineMain
 * ({@code mvn -o -q -pl compute-jobs -am package -DskipTests}).
 */
@PlatformTest
@Tag("engine-it")
class RealEngineFlowTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    WorkspaceReconciler reconciler;
    @Autowired
    WorkspaceEngines engines;
    @Autowired
    EngineControl control;
    @Autowired
    EngineLauncher launcher;

    LifecycleFixture fx;

    @BeforeEach
    void setUp() {
        fx = new LifecycleFixture(new Api(port), jdbc, clock);
    }

    /** Whether the built runtime class path holds EngineMain. */
    private static boolean engineBuilt() {
        for (Path base : List.of(Path.of("").toAbsolutePath(), Path.of("").toAbsolutePath().getParent())) {
            Path file = base.resolve("compute-jobs/target/runtime-classpath.txt");
            if (Files.isRegularFile(file)) {
                try {
                    String entry = EngineLaunch.MAIN_CLASS.replace('.', '/') + ".class";
                    for (String element : Files.readString(file).strip().split(File.pathSeparator)) {
                        Path path = Path.of(element);
                        if (Files.isDirectory(path) && Files.exists(path.resolve(entry))) {
                            return true;
                        }
                        if (Files.isRegularFile(path) && path.toString().endsWith(".jar")) {
                            try (ZipFile jar = new ZipFile(path.toFile())) {
                                if (jar.getEntry(entry) != null) {
                                    return true;
                                }
                            }
                        }
                    }
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return false;
    }

    @Test
    void theRealEngineStartsServesAndStops() {
        assumeTrue(engineBuilt(), "compute-jobs with EngineMain is not built");
        assumeTrue(launcher.available(), launcher.unavailableReason());
        String grant = fx.activeGrant("real engine " + fx.unique("s"), List.of("registry.enterprises"));
        reconciler.runOnce();

        EngineEndpoint endpoint = engines.acquire(grant);
        EngineHealth health = control.health(endpoint);
        assertThat(health.engineId()).isEqualTo(endpoint.engineId());
        long pid = jdbc.sql("SELECT location FROM workspace_engine WHERE id = ?").param(endpoint.engineId())
                .query(Long.class).single();

        engines.stop(grant, "TEST");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(jdbc.sql("SELECT state FROM workspace_engine WHERE id = ?").param(endpoint.engineId())
                .query(String.class).single()).isEqualTo("STOPPED");
    }
}

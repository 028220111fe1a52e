package org.shuyu.controller.adapter.launcher;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.shuyu.controller.config.SparkProperties;
import org.shuyu.runtime.contract.SparkCluster;
import org.shuyu.runtime.contract.StandaloneLaunch;

/**
 * The local Spark standalone cluster as the controller runs it (real Master and Worker JVMs from the job runtime's
 * class path): up with its workers, loopback and authenticated, a dead worker started again, per-driver settings
 * within the cluster's cores, stopped with the controller, and a dead controller's daemons killed by the next one.
 * (That executors of separate JVMs run jobs and engines with enforcement intact is compute-jobs' ExecutorsProcessTest.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
    private static final SparkProperties SETTINGS = new SparkProperties(SparkProperties.Mode.STANDALONE, 2, 1, 768, 1,
            512, 4, 0, Duration.ofSeconds(300), "256m");
    private Path data;
    private RuntimeClasspath.Found runtime;
    private StandaloneCluster cluster;

    @BeforeAll
    void start() throws IOException {
        data = Files.createTempDirectory("shuyu-spark-cluster");
        runtime = RuntimeClasspath.find(null);
        assertThat(runtime.classpath()).as(runtime.reason()).isPresent();
        cluster = new StandaloneCluster(data, SETTINGS, runtime);
    }

    @AfterAll
    void stop() throws IOException {
        if (cluster != null) {
            cluster.destroy();
        }
        try (Stream<Path> walk = Files.walk(data)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    @Order(1)
    void startsAMasterAndItsWorkersOnLoopbackWithTheSecretOnlyInTheirEnvironment() throws Exception {
        SparkCluster driver = cluster.driverCluster(8);
        await("both workers registered", () -> cluster.aliveWorkers() == 2);
        assertThat(driver.master()).isEqualTo(cluster.masterUrl()).startsWith("spark://127.0.0.1:");
        // A driver gets at most the cluster's cores, its executors the runtime's class path, authentication on.
        assertThat(driver.conf()).containsEntry("spark.cores.max", "2").containsEntry("spark.executor.cores", "1")
                .containsEntry("spark.executor.memory", "512m").containsEntry("spark.authenticate", "true")
                .containsEntry("spark.executor.extraClassPath", runtime.classpath().orElseThrow());
        assertThat(cluster.driverCluster(1).conf()).containsEntry("spark.cores.max", "1");
        assertThat(driver.toString()).doesNotContain(cluster.secret());
        Map<String, Long> pids = cluster.pids();
        assertThat(pids).containsOnlyKeys("master", "worker-1", "worker-2");
        for (long pid : pids.values()) {
            String commandLine = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElseThrow();
            // The OS cuts long command lines (the class path): the options before it are what it shows.
            assertThat(commandLine).contains(StandaloneLaunch.MARKER + "shuyu-", "-Dspark.authenticate=true",
                    "-Dspark.master.rest.enabled=false").doesNotContain(cluster.secret());
        }
        // Nothing the daemons wrote holds the secret.
        try (Stream<Path> files = Files.walk(cluster.directory())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                        .as(file.toString()).doesNotContain(cluster.secret());
            }
        }
        assertThat(cluster.unavailableReason()).isEmpty();
    }

    @Test
    @Order(2)
    void aWorkerThatDiesIsStartedAgainAndRegisters() throws Exception {
        long before = cluster.pids().get("worker-1");
        ProcessHandle.of(before).orElseThrow().destroyForcibly();
        long t0 = System.nanoTime();
        await("worker-1 started again", () -> cluster.pids().containsKey("worker-1")
                && cluster.pids().get("worker-1") != before);
        await("two live workers again", () -> cluster.aliveWorkers() == 2);
        System.out.println("SPARK worker restart: killed to registered again = "
                + (System.nanoTime() - t0) / 1_000_000L + " ms");
        assertThat(cluster.unavailableReason()).isEmpty();
    }

    @Test
    @Order(3)
    void aRestartedControllerKillsWhatADeadOneLeftAndStopsItsOwnWithIt() throws Exception {
        // The first cluster's controller "died": a new one on the same data directory starts.
        List<Long> leftover = List.copyOf(cluster.pids().values());
        cluster.abandon();
        StandaloneCluster next = new StandaloneCluster(data, SETTINGS, runtime);
        try {
            for (long pid : leftover) {
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("leftover " + pid).isEmpty();
            }
            cluster.destroy(); // what the dead controller would never do; its processes are gone already
            cluster = null;
            assertThat(next.driverCluster(2).master()).isEqualTo(next.masterUrl());
            await("the new cluster's workers registered", () -> next.aliveWorkers() == 2);
        } finally {
            List<Long> own = List.copyOf(next.pids().values());
            next.destroy();
            for (long pid : own) {
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("stopped " + pid).isEmpty();
            }
        }
        assertThatThrownBy(() -> next.driverCluster(1)).isInstanceOf(IllegalStateException.class);
    }
}

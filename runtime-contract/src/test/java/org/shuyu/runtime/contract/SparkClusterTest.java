package org.shuyu.runtime.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A launcher may place tasks but never loosen the seal, nor write the cluster's secret into a request file. */
class SparkClusterTest {
    private final RuntimeJson json = new RuntimeJson();

    @Test
    void theStandaloneSettingsOfADriverPassAndTravelInTheRequest() throws Exception {
        SparkCluster cluster = StandaloneLaunch.driverCluster("spark://127.0.0.1:19001", 2, 1, 512, "/r/a.jar:/r/b.jar");
        assertThat(cluster.hasExecutors()).isTrue();
        assertThat(cluster.conf()).containsEntry("spark.cores.max", "2").containsEntry("spark.authenticate", "true")
                .containsEntry("spark.executor.extraClassPath", "/r/a.jar:/r/b.jar")
                .doesNotContainKeys("spark.authenticate.secret");
        RuntimeRequest request = new RuntimeRequest("j", RuntimeRequest.Kind.JOB, "u", "w", "s", "db", Path.of("/w"),
                Path.of("/w/h"), Path.of("/w/f"), "https://c:8443", 200, 3000, Optional.empty(), false, List.of(),
                List.of("SELECT 1"), Optional.empty(), Optional.empty(), Path.of("/w/out"), Optional.of(cluster));
        assertThat(json.read(json.write(request), RuntimeRequest.class).cluster()).contains(cluster);
        assertThat(StandaloneLaunch.driverCluster("spark://h:1", 1, 4, 512, "/r").conf())
                .containsEntry("spark.executor.cores", "1");
    }

    @Test
    void enforcementSettingsAndTheSecretAreRefused() {
        for (String key : List.of("spark.sql.extensions", "spark.sql.catalogImplementation", "spark.sql.warehouse.dir",
                "spark.sql.runSQLOnFiles", "spark.extraListeners", "spark.driver.extraClassPath",
                "spark.authenticate.secret", "spark.authenticate.secret.file", "spark.authenticate.secret.driver.file")) {
            assertThatThrownBy(() -> new SparkCluster("spark://127.0.0.1:1", Map.of(key, "x"))).as(key)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new SparkCluster("yarn", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StandaloneLaunch.driverCluster("spark://h:1", 0, 1, 512, "/r"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void daemonsCarryTheSecretInTheirEnvironmentOnly() {
        List<String> master = StandaloneLaunch.masterCommand("java", "/r/a.jar", "c1", 19001, 19002, "256m");
        List<String> worker = StandaloneLaunch.workerCommand("java", "/r/a.jar", "c1", 2, "spark://127.0.0.1:19001", 1,
                1024, Path.of("/d/w2"), "256m");
        assertThat(master).contains("-Dshuyu.spark=c1-master", "-Dspark.authenticate=true",
                "-Dspark.master.rest.enabled=false", StandaloneLaunch.MASTER_CLASS, "127.0.0.1");
        assertThat(worker).contains("-Dshuyu.spark=c1-worker-2", StandaloneLaunch.WORKER_CLASS, "--work-dir", "/d/w2",
                "spark://127.0.0.1:19001");
        Map<String, String> env = StandaloneLaunch.daemonEnvironment(Path.of("/d/home"), Path.of("/d/w2/local"), "s3cr3t");
        assertThat(env).containsEntry(StandaloneLaunch.AUTH_SECRET_ENV, "s3cr3t").containsEntry("SPARK_LOCAL_IP",
                "127.0.0.1");
        assertThat(String.join(" ", master) + String.join(" ", worker)).doesNotContain("s3cr3t");
    }
}

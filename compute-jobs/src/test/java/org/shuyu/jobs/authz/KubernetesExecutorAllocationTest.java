package org.shuyu.jobs.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.jobs.runtime.SparkSessionFactory;
import org.shuyu.runtime.contract.SparkCluster;

/**
 * Spark 4.2's own Kubernetes scheduler, in this JVM as a job's driver, against fabric8's mock API server (CRUD mode,
 * the fabric8 version Spark uses), given exactly the executor pod template and settings the controller renders (its
 * golden files in sandbox-controller, checked there by KubernetesExecutorsTest). No kubelet runs, so the executors
 * never start: the test checks the executor pods Spark asks for, field by field, and that Spark deletes them when the
 * driver stops. Nothing about enforcement is among the settings (SparkCluster refuses it): the plan is checked and
 * masked here, in the driver, and executors only run it.
 */
class KubernetesExecutorAllocationTest {
    private static final Path GOLDEN = Path.of("../sandbox-controller/src/test/resources/golden/kubernetes");
    private static final String NS = "shuyu-ws-grant-golden";
    private static final String DRIVER = "job-golden";

    @Test
    @Tag("R-19a")
    void sparkMakesExecutorPodsFromTheControllersTemplateOwnedByTheDriverAndDeletesThemWhenItStops(@TempDir Path dir)
            throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        SparkSession spark = null;
        try (KubernetesClient admin = server.createClient()) {
            // The driver pod exists before Spark starts (the launcher made it): executors will be owned by it.
            Pod driverPod = admin.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(DRIVER)
                    .withNamespace(NS).addToLabels("spark-role", "driver").endMetadata().withNewSpec().addNewContainer()
                    .withName("driver").withImage("registry.example/shuyu-runtime:test").endContainer().endSpec().build()).create();

            Path template = Files.copy(GOLDEN.resolve("executor-template.yaml"), dir.resolve("executor-template.yaml"));
            Properties golden = new Properties();
            golden.load(new StringReader(Files.readString(GOLDEN.resolve("executor-cluster.properties"))));
            Map<String, String> conf = new TreeMap<>();
            golden.stringPropertyNames().forEach(key -> conf.put(key, golden.getProperty(key)));
            assertThat(conf.remove("master")).isEqualTo("k8s://https://kubernetes.default.svc");
            assertThat(conf).containsEntry("spark.kubernetes.namespace", NS).containsEntry("spark.kubernetes.driver.pod.name", DRIVER);
            // What differs in this JVM: the API server (the mock), the template's path, and the driver listening on
            // loopback ports of this test's range instead of its pod's Service.
            conf.put("spark.kubernetes.executor.podTemplateFile", template.toString());
            conf.put("spark.driver.host", "127.0.0.1");
            conf.put("spark.driver.bindAddress", "127.0.0.1");
            conf.put("spark.driver.port", "19178");
            conf.put("spark.driver.blockManager.port", "19179");
            String apiServer = admin.getMasterUrl().toString().replaceAll("/$", "");
            SparkCluster cluster = new SparkCluster("k8s://" + apiServer, conf);

            Enforcement enforcement = new Enforcement("engineer", "ws_grant_golden", new RecordingAuthorizer(),
                    new WorkspacePaths(dir.resolve("files"), dir.resolve("warehouse")), new SessionLock(), Optional.of("salt"));
            spark = SparkSessionFactory.create("shuyu-" + DRIVER, dir.resolve("warehouse"), enforcement, Optional.of(cluster));
            assertThat(spark.sparkContext().master()).isEqualTo("k8s://" + apiServer);

            List<Pod> executors = awaitExecutors(admin, 2);
            for (Pod pod : executors) {
                assertExecutor(pod, driverPod);
            }

            spark.stop();
            spark = null;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!admin.pods().inNamespace(NS).withLabel("spark-role", "executor").list().getItems().isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(admin.pods().inNamespace(NS).withLabel("spark-role", "executor").list().getItems())
                    .as("a stopped driver deletes its executors").isEmpty();
            assertThat(admin.configMaps().inNamespace(NS).list().getItems()).as("no executor config map (disableConfigMap)").isEmpty();
            assertThat(admin.services().inNamespace(NS).list().getItems()).as("no Service of Spark's own").isEmpty();
        } finally {
            if (spark != null) {
                spark.stop();
            }
            server.destroy();
        }
    }

    private static List<Pod> awaitExecutors(KubernetesClient admin, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        List<Pod> pods = List.of();
        while (System.nanoTime() < deadline) {
            pods = admin.pods().inNamespace(NS).withLabel("spark-role", "executor").list().getItems();
            if (pods.size() >= count) {
                return pods;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Spark made " + pods.size() + " executor pods, not " + count);
    }

    private static void assertExecutor(Pod pod, Pod driverPod) {
        assertThat(pod.getMetadata().getNamespace()).isEqualTo(NS);
        assertThat(pod.getMetadata().getLabels()).containsEntry("spark-role", "executor")
                .containsEntry("shuyu.org/workspace", "grant-golden").containsKey("spark-app-selector");
        assertThat(pod.getMetadata().getOwnerReferences()).as("owned by the driver pod: it dies with it").singleElement()
                .satisfies((OwnerReference owner) -> {
                    assertThat(owner.getKind()).isEqualTo("Pod");
                    assertThat(owner.getName()).isEqualTo(DRIVER);
                    assertThat(owner.getUid()).isEqualTo(driverPod.getMetadata().getUid());
                });
        assertThat(pod.getSpec().getServiceAccountName()).as("not the driver's account").isEqualTo("shuyu-job");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getEnableServiceLinks()).isFalse();
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getSpec().getContainers()).singleElement().satisfies((Container c) -> {
            assertThat(c.getImage()).isEqualTo("registry.example/shuyu-runtime:test");
            assertThat(c.getCommand()).containsExactly("/opt/shuyu/bin/spark-executor");
            assertThat(c.getArgs()).containsExactly("executor");
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            // requests = limits on both: the workspace quota admits and counts each executor
            assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("1"));
            assertThat(c.getResources().getLimits()).containsEntry("cpu", new Quantity("1"));
            assertThat(Quantity.getAmountInBytes(c.getResources().getRequests().get("memory")))
                    .isEqualByComparingTo(Quantity.getAmountInBytes(new Quantity("1536Mi")));
            assertThat(Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")))
                    .isEqualByComparingTo(Quantity.getAmountInBytes(new Quantity("1536Mi")));
            assertThat(c.getEnv()).extracting(EnvVar::getName).contains("SPARK_DRIVER_URL", "SPARK_EXECUTOR_ID")
                    .noneMatch(name -> name.startsWith("SHUYU_"));
            assertThat(c.getEnv()).noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null);
            assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("SPARK_DRIVER_URL")).singleElement()
                    .satisfies(e -> assertThat(e.getValue()).contains("127.0.0.1:19178"));
            assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("SPARK_LOCAL_IP")).singleElement()
                    .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP"));
        });
        assertThat(pod.getSpec().getVolumes()).extracting(Volume::getName)
                .containsExactlyInAnyOrder("workspace", "tmp", "spark-local-dir-1", "sources");
        assertThat(pod.getSpec().getVolumes()).noneMatch(v -> v.getSecret() != null || v.getConfigMap() != null
                || v.getHostPath() != null);
        assertThat(pod.getSpec().getVolumes()).filteredOn(v -> v.getName().equals("sources")).singleElement()
                .satisfies(v -> assertThat(v.getCsi().getReadOnly()).isTrue());
    }
}

package org.shuyu.jobs.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.jobs.runtime.SparkSessionFactory;
import org.shuyu.runtime.contract.SparkCluster;

/**
 * Opt-in, against a real cluster (docs/kubernetes.md, "Executors", "On a real cluster"): what the mock API server
 * cannot show, admission. A Spark driver in this JVM (client mode, the kubeconfig's credentials) gets the controller's
 * executor template and settings (golden files) for a namespace made here with Pod Security {@code restricted} and a
 * quota; the executor pods it asks for must be admitted (created, counted by the quota), and run the template's
 * security context. The executors cannot reach this JVM and exit; the namespace is deleted at the end.
 *
 * <p>{@code SHUYU_K8S_EXECUTORS_IT=<kubeconfig>}; {@code SHUYU_K8S_IT_IMAGE} (the runtime image, default the golden
 * file's); the sources CSI driver of the golden template must exist, or set {@code SHUYU_K8S_IT_SOURCES_CSI}.
 */
@EnabledIfEnvironmentVariable(named = "SHUYU_K8S_EXECUTORS_IT", matches = ".+")
class KubernetesExecutorsClusterIT {
    private static final Path GOLDEN = Path.of("../sandbox-controller/src/test/resources/golden/kubernetes");

    @Test
    @Tag("R-19a")
    void aRealApiServerAdmitsTheExecutorPodsSparkMakesFromTheTemplate(@TempDir Path dir) throws Exception {
        String kubeconfig = Files.readString(Path.of(System.getenv("SHUYU_K8S_EXECUTORS_IT")));
        String ns = "shuyu-ws-it-" + Long.toHexString(System.nanoTime());
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
            Map<String, String> psa = Map.of("pod-security.kubernetes.io/enforce", "restricted",
                    "pod-security.kubernetes.io/enforce-version", "latest");
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).withLabels(psa).endMetadata().build())
                    .create();
            SparkSession spark = null;
            try {
                client.resourceQuotas().inNamespace(ns).resource(new ResourceQuotaBuilder().withNewMetadata().withName("workspace-quota")
                        .endMetadata().withNewSpec().withHard(Map.of("requests.cpu", new Quantity("4"), "limits.cpu", new Quantity("4"),
                                "requests.memory", new Quantity("8Gi"), "limits.memory", new Quantity("8Gi"), "pods", new Quantity("5")))
                        .endSpec().build()).create();
                client.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder()
                        .withNewMetadata().withName("shuyu-job").endMetadata().withAutomountServiceAccountToken(false).build()).create();
                String template = Files.readString(GOLDEN.resolve("executor-template.yaml")).replace("shuyu-ws-grant-golden", ns);
                if (System.getenv("SHUYU_K8S_IT_SOURCES_CSI") != null) {
                    template = template.replace("sources.csi.example", System.getenv("SHUYU_K8S_IT_SOURCES_CSI"));
                }
                Path templateFile = Files.writeString(dir.resolve("executor-template.yaml"), template);
                Properties golden = new Properties();
                golden.load(new StringReader(Files.readString(GOLDEN.resolve("executor-cluster.properties"))));
                Map<String, String> conf = new TreeMap<>();
                golden.stringPropertyNames().forEach(key -> conf.put(key, golden.getProperty(key)));
                conf.remove("master");
                conf.remove("spark.kubernetes.driver.pod.name"); // the driver is this JVM, not a pod
                conf.put("spark.kubernetes.namespace", ns);
                conf.put("spark.kubernetes.executor.podTemplateFile", templateFile.toString());
                Optional.ofNullable(System.getenv("SHUYU_K8S_IT_IMAGE")).ifPresent(image -> conf.put("spark.kubernetes.container.image", image));
                conf.put("spark.driver.host", "127.0.0.1");
                conf.put("spark.driver.bindAddress", "127.0.0.1");
                conf.put("spark.driver.port", "19188");
                conf.put("spark.driver.blockManager.port", "19189");
                SparkCluster cluster = new SparkCluster("k8s://" + client.getMasterUrl().toString().replaceAll("/$", ""), conf);
                Enforcement enforcement = new Enforcement("engineer", "ws_it", new RecordingAuthorizer(),
                        new WorkspacePaths(dir.resolve("files"), dir.resolve("warehouse")), new SessionLock(), Optional.of("salt"));
                spark = SparkSessionFactory.create("shuyu-it", dir.resolve("warehouse"), enforcement, Optional.of(cluster));

                Set<String> seen = new HashSet<>();
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (seen.size() < 2 && System.nanoTime() < deadline) {
                    for (Pod pod : client.pods().inNamespace(ns).withLabel("spark-role", "executor").list().getItems()) {
                        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
                        assertThat(pod.getSpec().getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                        seen.add(pod.getMetadata().getName());
                    }
                    Thread.sleep(500);
                }
                assertThat(seen).as("executor pods admitted by Pod Security restricted and the quota").hasSizeGreaterThanOrEqualTo(2);
            } finally {
                if (spark != null) {
                    spark.stop();
                }
                client.namespaces().withName(ns).delete();
            }
        }
    }
}

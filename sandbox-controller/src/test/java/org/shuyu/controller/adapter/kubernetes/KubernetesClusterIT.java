package org.shuyu.controller.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.controller.adapter.storage.LocalRetainedData;
import org.shuyu.controller.config.KubernetesProperties;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.workspace.Workspace;

/**
 * Opt-in, against a real cluster (none can run on the project's machines): runs only with {@code -Dk8s.it=true} or
 * the environment variable {@code KUBECONFIG_IT} naming a kubeconfig. Provisions a workspace with real server-side
 * apply, applies it again, checks that Pod Security admission labels and the network policy are in place, and
 * deletes it, waiting for the namespace to go.
 */
class KubernetesClusterIT {
    @TempDir
    Path dataDir;

    @Test
    void provisionsReappliesAndTearsDownAWorkspaceOnARealCluster() throws Exception {
        String kubeconfig = System.getenv("KUBECONFIG_IT");
        assumeTrue(Boolean.getBoolean("k8s.it") || kubeconfig != null, "set -Dk8s.it=true or KUBECONFIG_IT to run against a cluster");
        Config config = kubeconfig != null ? Config.fromKubeconfig(Files.readString(Path.of(kubeconfig))) : Config.autoConfigure(null);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            KubernetesProperties settings = Fixtures.settings(KubernetesProperties.ApplyStrategy.SERVER_SIDE);
            KubernetesWorkspaceProvisioner provisioner = new KubernetesWorkspaceProvisioner(client, settings,
                    ObjectApplier.of(settings.apply(), client), new LocalRetainedData(Fixtures.properties(dataDir, Duration.ofMinutes(5))));
            Workspace workspace = Fixtures.workspace("grant-" + UUID.randomUUID());
            String ns = provisioner.namespace(workspace.id());
            provisioner.ensure(workspace);
            provisioner.ensure(workspace);
            assertThat(client.namespaces().withName(ns).get().getMetadata().getLabels())
                    .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
            assertThat(client.network().v1().networkPolicies().inNamespace(ns).withName(WorkspaceObjects.NETWORK_POLICY).get()).isNotNull();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (true) {
                try {
                    provisioner.teardown(workspace);
                    break;
                } catch (SandboxException stillTerminating) {
                    assertThat(System.nanoTime()).as("namespace %s gone within 3 minutes", ns).isLessThan(deadline);
                    Thread.sleep(2000);
                }
            }
            assertThat(client.namespaces().withName(ns).get()).isNull();
        }
    }
}

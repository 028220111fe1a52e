package org.shuyu.controller.adapter.kubernetes;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.shuyu.controller.adapter.storage.LocalRetainedData;
import org.shuyu.controller.config.KubernetesExecutorProperties;
import org.shuyu.controller.config.KubernetesProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.workspace.Workspace;

/** Settings and workspaces for the Kubernetes adapter tests. */
final class Fixtures {
    private Fixtures() {}

    static SandboxProperties properties(Path dataDir, Duration timeout) {
        return new SandboxProperties(SandboxProperties.Mode.EMBEDDED, dataDir, false,
                new SandboxProperties.Identity(null, null, "shuyu-controller", Duration.ofSeconds(30), true, Duration.ofMinutes(15)),
                new SandboxProperties.Audit(400), new SandboxProperties.Lifecycle(Duration.ofSeconds(60), Duration.ZERO),
                new SandboxProperties.Workspaces(Duration.ofSeconds(10), SandboxProperties.Backend.KUBERNETES),
                new SandboxProperties.Jobs(2, "1g", timeout, Duration.ofMinutes(1), 100, 1000, 10000, null,
                        "http://shuyu.shuyu.svc:8080", null, SandboxProperties.Backend.KUBERNETES));
    }

    static KubernetesProperties settings(KubernetesProperties.ApplyStrategy apply) {
        KubernetesProperties d = KubernetesProperties.defaults();
        return new KubernetesProperties(d.namespacePrefix(), apply, d.controller(), d.dns(), d.quota(), d.containerDefaults(), d.storage(),
                new KubernetesProperties.Runtime("registry.example/shuyu-runtime:test", "IfNotPresent", "1", "2Gi", "1g", 10001,
                        Duration.ofMillis(50), "sources.csi.example", java.util.Map.of("share", "public-sources"), null));
    }

    /** Executors on: two of one core and 1g (+512m overhead) each; the API server at 10.0.0.1 and 172.18.0.2. */
    static KubernetesExecutorProperties executors() {
        return new KubernetesExecutorProperties(2, 1, "1g", "512m", java.util.List.of("10.0.0.1/32", "172.18.0.2/32"),
                java.util.List.of(443, 6443), 7078, 7079, "https://kubernetes.default.svc");
    }

    /** {@link #settings} with the platform's shared storage on an NFS export (docs/storage.md). */
    static KubernetesProperties sharedSettings(KubernetesProperties.ApplyStrategy apply) {
        KubernetesProperties s = settings(apply);
        KubernetesProperties.Storage d = s.storage();
        return new KubernetesProperties(s.namespacePrefix(), apply, s.controller(), s.dns(), s.quota(), s.containerDefaults(),
                new KubernetesProperties.Storage(d.size(), d.storageClass(), d.mountPath(),
                        new KubernetesProperties.Shared("nfs.storage.example", "/exports/shuyu/", "1Gi")),
                new KubernetesProperties.Runtime("registry.example/shuyu-runtime:test", "IfNotPresent", "1", "2Gi", "1g", 10001,
                        Duration.ofMillis(50), null, null, null));
    }

    static KubernetesWorkspaceProvisioner sharedProvisioner(ApiServer api, Path dataDir) {
        KubernetesProperties.ApplyStrategy apply = KubernetesProperties.ApplyStrategy.READ_COMPARE_WRITE;
        return new KubernetesWorkspaceProvisioner(api.client(), sharedSettings(apply), ObjectApplier.of(apply, api.client()),
                new LocalRetainedData(properties(dataDir, Duration.ofMinutes(5))), Optional.of(dataDir));
    }

    /** Executors and shared storage together (docs/kubernetes.md "Executors", docs/storage.md). */
    static KubernetesWorkspaceProvisioner sharedExecutorProvisioner(ApiServer api, Path dataDir) {
        KubernetesProperties.ApplyStrategy apply = KubernetesProperties.ApplyStrategy.READ_COMPARE_WRITE;
        return new KubernetesWorkspaceProvisioner(api.client(), sharedSettings(apply), executors(), ObjectApplier.of(apply, api.client()),
                new LocalRetainedData(properties(dataDir, Duration.ofMinutes(5))), Optional.of(dataDir));
    }

    static KubernetesWorkspaceProvisioner provisioner(ApiServer api, KubernetesProperties.ApplyStrategy apply, Path dataDir) {
        return new KubernetesWorkspaceProvisioner(api.client(), settings(apply), ObjectApplier.of(apply, api.client()),
                new LocalRetainedData(properties(dataDir, Duration.ofMinutes(5))));
    }

    static Workspace workspace(String id) {
        return new Workspace(id, Workspace.Kind.GRANT, "org-91330200MA2XYZ1234", Workspace.databaseFor(id), Workspace.State.READY,
                Instant.parse("2026-11-27T00:00:00Z"), Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }
}

package org.shuyu.bench;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.shuyu.controller.adapter.kubernetes.KubernetesWorkspaceProvisioner;
import org.shuyu.controller.adapter.kubernetes.ObjectApplier;
import org.shuyu.controller.adapter.storage.LocalRetainedData;
import org.shuyu.controller.config.KubernetesProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.workspace.Workspace;

/**
 * Time to reconcile new workspaces against fabric8's Kubernetes mock server (CRUD mode), and API calls per workspace,
 * for both apply strategies: the first pass (every object new), a second pass (nothing to change), and teardown.
 * The mock server answers in-process over loopback HTTP, so the times measure the controller's side (building,
 * serializing, HTTP round trips), not a real API server's admission and etcd writes. Server-side apply is emulated
 * (create when missing, else replace), as the CRUD dispatcher does not implement it.
 * Settings: -Dbench.kubernetes.workspaces (100).
 */
public final class KubernetesProvisioningBenchmark {
    private KubernetesProvisioningBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.kubernetes.workspaces", 100);
        System.out.printf("Kubernetes provisioning: %d new workspaces per strategy, fabric8 mock server (CRUD), Java %s, %d cores%n", n,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        for (KubernetesProperties.ApplyStrategy strategy : KubernetesProperties.ApplyStrategy.values()) {
            run(strategy, n);
        }
    }

    private static void run(KubernetesProperties.ApplyStrategy strategy, int n) throws Exception {
        Counting dispatcher = new Counting();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        Path dataDir = Files.createTempDirectory("shuyu-k8s-bench");
        try (NamespacedKubernetesClient client = server.createClient()) {
            KubernetesProperties d = KubernetesProperties.defaults();
            KubernetesProperties settings = new KubernetesProperties(d.namespacePrefix(), strategy, d.controller(), d.dns(), d.quota(),
                    d.containerDefaults(), d.storage(), d.runtime());
            SandboxProperties properties = new SandboxProperties(SandboxProperties.Mode.EMBEDDED, dataDir, false,
                    new SandboxProperties.Identity(null, null, "shuyu-controller", Duration.ofSeconds(30), true, Duration.ofMinutes(15)),
                    new SandboxProperties.Audit(400), new SandboxProperties.Lifecycle(Duration.ofSeconds(60), Duration.ZERO),
                    new SandboxProperties.Workspaces(Duration.ofSeconds(10)),
                    new SandboxProperties.Jobs(1, "1g", Duration.ofMinutes(30), Duration.ofMinutes(3), 100, 1000, 10000, null, null, null));
            KubernetesWorkspaceProvisioner provisioner = new KubernetesWorkspaceProvisioner(client, settings,
                    ObjectApplier.of(strategy, client), new LocalRetainedData(properties));
            for (int i = 0; i < 20; i++) { // warm-up: class loading, JIT, connection pool
                provisioner.ensure(workspace("warm", i));
            }
            dispatcher.takeCounts();
            long first = time(() -> { for (int i = 0; i < n; i++) { provisioner.ensure(workspace("grant", i)); } });
            Map<String, Long> firstCalls = dispatcher.takeCounts();
            long second = time(() -> { for (int i = 0; i < n; i++) { provisioner.ensure(workspace("grant", i)); } });
            Map<String, Long> secondCalls = dispatcher.takeCounts();
            long teardown = time(() -> { for (int i = 0; i < n; i++) { provisioner.teardown(workspace("grant", i)); } });
            Map<String, Long> teardownCalls = dispatcher.takeCounts();
            report(strategy, "first pass (all new)", n, first, firstCalls);
            report(strategy, "second pass (no change)", n, second, secondCalls);
            report(strategy, "teardown", n, teardown, teardownCalls);
        } finally {
            server.destroy();
        }
    }

    private static void report(KubernetesProperties.ApplyStrategy strategy, String what, int n, long nanos, Map<String, Long> calls) {
        long total = calls.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%-18s %-24s %4d workspaces in %7.0f ms (%5.1f ms each), %5.1f API calls per workspace %s%n", strategy, what, n,
                nanos / 1e6, nanos / 1e6 / n, (double) total / n, calls);
    }

    private static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    private static Workspace workspace(String prefix, int i) {
        String id = String.format("%s-%08d-0000-4000-8000-000000000000", prefix, i);
        return new Workspace(id, Workspace.Kind.GRANT, "org-" + (i % 10), Workspace.databaseFor(id), Workspace.State.READY,
                Instant.parse("2026-11-27T00:00:00Z"), Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }

    /** Counts requests by HTTP method; answers server-side apply as create-or-replace. */
    private static final class Counting extends KubernetesCrudDispatcher {
        private final Map<String, AtomicLong> counts = new TreeMap<>();

        synchronized Map<String, Long> takeCounts() {
            Map<String, Long> snapshot = new TreeMap<>();
            counts.forEach((k, v) -> snapshot.put(k, v.get()));
            counts.clear();
            return snapshot;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            synchronized (this) {
                counts.computeIfAbsent(request.getMethod(), k -> new AtomicLong()).incrementAndGet();
            }
            String path = request.getPath().contains("?") ? request.getPath().substring(0, request.getPath().indexOf('?')) : request.getPath();
            if (request.getMethod().equals("PATCH") && Objects.toString(request.getHeader("Content-Type"), "").startsWith("application/apply-patch")) {
                Headers json = Headers.builder().add("Content-Type", "application/json").build();
                Buffer body = new Buffer(request.getBody().getBytes());
                return findResource(getKey(path)) == null
                        ? handleCreate(new RecordedRequest("HTTP/1.1", HttpMethod.POST, path.substring(0, path.lastIndexOf('/')), json, body))
                        : handleUpdate(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path, json, body));
            }
            return super.dispatch(request);
        }
    }
}

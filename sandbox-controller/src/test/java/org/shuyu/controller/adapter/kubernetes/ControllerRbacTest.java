package org.shuyu.controller.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.shuyu.controller.adapter.storage.LocalRetainedData;
import org.shuyu.controller.config.KubernetesProperties.ApplyStrategy;
import org.shuyu.controller.helm.HelmChartTest;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceProvisioner;

/**
 * The chart's controller role against the calls the provisioner and launcher really make (recorded by the mock API
 * server through a whole workspace life: provision, drift repair, metering, a job, a cancelled job, teardown): every
 * call is granted, and nothing is granted that no call needs, except what the workspace's driver role hands on
 * (Kubernetes lets a role be created only by someone who holds its rights).
 */
class ControllerRbacTest {
    private static final String WS = "grant-5e2a1f4c-7d3b-4c8e-9f60-1a2b3c4d5e6f";
    private static final String NS = "shuyu-ws-" + WS;
    @TempDir
    Path dataDir;

    @ParameterizedTest
    @EnumSource(ApplyStrategy.class)
    @Tag("R-06")
    void theChartGrantsExactlyWhatTheAdaptersUse(ApplyStrategy strategy) throws Exception {
        TreeSet<String> used = new TreeSet<>();
        try (ApiServer api = new ApiServer()) {
            KubernetesClient admin = api.testClient();
            KubernetesWorkspaceProvisioner provisioner = Fixtures.provisioner(api, strategy, dataDir);
            Workspace workspace = Fixtures.workspace(WS);
            WorkspaceProvisioner.Layout layout = provisioner.ensure(workspace);
            // drift in every object (a label taken away), then a missing network policy
            for (var object : new WorkspaceObjects(Fixtures.settings(strategy)).desired(WorkspaceObjects.Target.of(workspace))) {
                admin.resource(object).edit(o -> {
                    o.getMetadata().getLabels().remove(KubeNames.OPERATOR);
                    return o;
                });
            }
            admin.resourceQuotas().inNamespace(NS).withName(WorkspaceObjects.QUOTA)
                    .edit(q -> { q.getSpec().getHard().put("pods", new Quantity("999")); return q; });
            provisioner.ensure(workspace);
            admin.network().v1().networkPolicies().inNamespace(NS).withName(WorkspaceObjects.NETWORK_POLICY).delete();
            provisioner.ensure(workspace);
            provisioner.storageBytes(WS);

            // With executors: the driver's Service and template are part of what the launcher does.
            KubernetesJobLauncher launcher = new KubernetesJobLauncher(api.client(), Fixtures.settings(strategy), Fixtures.executors(),
                    Fixtures.properties(dataDir, Duration.ofMinutes(5)));
            try {
                CompletableFuture<JobLauncher.Outcome> done = launcher.launch(run("job-a", layout), () -> true);
                String pod = KubernetesJobLauncher.podName("job-a");
                await().atMost(10, TimeUnit.SECONDS).until(() -> admin.pods().inNamespace(NS).withName(pod).get() != null);
                assertThat(launcher.log(layout.jobs(), "job-a", 1000)).isNotNull();
                admin.pods().inNamespace(NS).withName(pod).editStatus(p -> {
                    p.setStatus(new PodStatus());
                    p.getStatus().setPhase("Failed");
                    p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("driver").withNewState()
                            .withNewTerminated().withExitCode(1).endTerminated().endState().build()));
                    return p;
                });
                assertThat(done.get(20, TimeUnit.SECONDS).state()).isEqualTo(JobState.FAILED);

                CompletableFuture<JobLauncher.Outcome> cancelled = launcher.launch(run("job-b", layout), () -> true);
                await().atMost(10, TimeUnit.SECONDS)
                        .until(() -> admin.pods().inNamespace(NS).withName(KubernetesJobLauncher.podName("job-b")).get() != null);
                launcher.cancel("job-b");
                assertThat(cancelled.get(20, TimeUnit.SECONDS).state()).isEqualTo(JobState.CANCELLED);
            } finally {
                launcher.shutdown();
            }
            provisioner.teardown(workspace);
            api.calls().forEach(call -> used.add(call.rule()));
        }

        TreeSet<String> granted = HelmChartTest.grantedRules(HelmChartTest.documents(HelmChartTest.render(
                Map.of("kubernetes.apply", strategy == ApplyStrategy.SERVER_SIDE ? "server-side" : "read-compare-write"))));
        TreeSet<String> handedOn = new TreeSet<>();
        WorkspaceObjects.DRIVER_RULES.forEach(rule -> rule.getResources().forEach(resource -> rule.getVerbs()
                .forEach(verb -> handedOn.add("core/" + resource + ":" + verb))));

        assertThat(used).as("calls the adapters made").isNotEmpty().noneMatch(rule -> rule.contains("?"));
        assertThat(granted).as("the chart grants every call").containsAll(used);
        TreeSet<String> unneeded = new TreeSet<>(granted);
        unneeded.removeAll(used);
        unneeded.removeAll(handedOn);
        assertThat(unneeded).as("granted but neither called nor handed on to the driver role").isEmpty();
    }

    /** docs/storage.md: with shared storage the adapters also manage persistent volumes, which the chart then grants. */
    @ParameterizedTest
    @EnumSource(ApplyStrategy.class)
    @Tag("R-06")
    void withSharedStorageTheChartGrantsThePersistentVolumeCallsAndNoMore(ApplyStrategy strategy) throws Exception {
        TreeSet<String> used = new TreeSet<>();
        try (ApiServer api = new ApiServer()) {
            // With executors too (their network policies), as a production installation runs.
            KubernetesWorkspaceProvisioner provisioner = new KubernetesWorkspaceProvisioner(api.client(), Fixtures.sharedSettings(strategy),
                    Fixtures.executors(), ObjectApplier.of(strategy, api.client()), new LocalRetainedData(
                            Fixtures.properties(dataDir, Duration.ofMinutes(5))), Optional.of(dataDir));
            Workspace workspace = Fixtures.workspace(WS);
            provisioner.ensure(workspace);
            // drift: a label taken off the workspace's data volume is put back
            api.testClient().persistentVolumes().withName(NS + "-data").edit(pv -> {
                pv.getMetadata().getLabels().remove(KubeNames.OPERATOR);
                return pv;
            });
            provisioner.ensure(workspace);
            provisioner.storageBytes(WS);
            provisioner.teardown(workspace);
            api.calls().forEach(call -> used.add(call.rule()));
        }
        TreeSet<String> granted = HelmChartTest.grantedRules(HelmChartTest.documents(HelmChartTest.render(Map.of(
                "kubernetes.apply", strategy == ApplyStrategy.SERVER_SIDE ? "server-side" : "read-compare-write",
                "kubernetes.storage.shared.nfsServer", "nfs.example.org"))));
        assertThat(used).anyMatch(rule -> rule.startsWith("core/persistentvolumes:"));
        assertThat(granted).as("the chart grants every call").containsAll(used);
        assertThat(granted).filteredOn(rule -> rule.startsWith("core/persistentvolumes:")).as("no persistent volume right unused")
                .allMatch(used::contains);
    }

    private static JobLauncher.Run run(String jobId, WorkspaceProvisioner.Layout layout) {
        return new JobLauncher.Run(jobId, Job.Kind.JOB, "engineer", WS, "shuyu_ws", "ws_db", layout.root(), layout.warehouse(),
                layout.files(), layout.jobs(), List.of(), List.of("SELECT 1"), Optional.empty(), "token", "salt");
    }
}

package org.shuyu.controller.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.shuyu.controller.config.KubernetesProperties.ApplyStrategy;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceProvisioner;

/** The Kubernetes provisioner against fabric8's mock API server in CRUD mode, with both apply strategies. */
class KubernetesWorkspaceProvisionerTest {
    private static final String ID = "grant-7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final String NS = "shuyu-ws-" + ID;
    private final ApiServer api = new ApiServer();
    private final KubernetesClient client = api.client();
    @TempDir
    Path dataDir;

    @AfterEach
    void close() {
        api.close();
    }

    @ParameterizedTest
    @EnumSource(ApplyStrategy.class)
    @Tag("R-19a")
    void aWorkspaceAppearsWithEveryObject(ApplyStrategy strategy) {
        WorkspaceProvisioner.Layout layout = Fixtures.provisioner(api, strategy, dataDir).ensure(Fixtures.workspace(ID));

        assertThat(layout.data()).isEqualTo(Path.of("/workspace/data"));
        assertThat(layout.jobs().toString()).startsWith(dataDir.toAbsolutePath().toString());
        Namespace namespace = client.namespaces().withName(NS).get();
        assertThat(namespace.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "shuyu")
                .containsEntry("shuyu.org/workspace", ID).containsEntry("shuyu.org/grant", ID)
                .containsEntry("shuyu.org/operator", "org-91330200MA2XYZ1234")
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry("pod-security.kubernetes.io/audit", "restricted")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted");

        ResourceQuota quota = client.resourceQuotas().inNamespace(NS).withName(WorkspaceObjects.QUOTA).get();
        assertThat(quota.getSpec().getHard()).containsEntry("pods", new Quantity("20")).containsEntry("requests.cpu", new Quantity("4"))
                .containsEntry("limits.memory", new Quantity("16Gi")).containsEntry("requests.storage", new Quantity("60Gi"));
        LimitRange limits = client.limitRanges().inNamespace(NS).withName(WorkspaceObjects.LIMITS).get();
        assertThat(limits.getSpec().getLimits().get(0).getDefaultRequest()).containsEntry("memory", new Quantity("512Mi"));

        NetworkPolicy policy = client.network().v1().networkPolicies().inNamespace(NS).withName(WorkspaceObjects.NETWORK_POLICY).get();
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).singleElement()
                .satisfies(rule -> assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                    assertThat(peer.getNamespaceSelector()).isNull();
                    assertThat(peer.getIpBlock()).isNull();
                }));
        List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
        assertThat(egress).hasSize(3).allSatisfy(rule -> assertThat(rule.getTo()).singleElement()
                .satisfies(peer -> assertThat(peer.getIpBlock()).as("no CIDR egress").isNull()));
        assertThat(egress.get(0).getTo().get(0).getNamespaceSelector()).as("own namespace only").isNull();
        assertThat(egress.get(1).getTo().get(0).getNamespaceSelector().getMatchLabels())
                .containsExactly(Map.entry("kubernetes.io/metadata.name", "shuyu"));
        assertThat(egress.get(1).getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8080));
        assertThat(egress.get(2).getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                .containsExactly("UDP/53", "TCP/53");

        for (String account : List.of(WorkspaceObjects.JOB_ACCOUNT, WorkspaceObjects.DRIVER_ACCOUNT)) {
            ServiceAccount sa = client.serviceAccounts().inNamespace(NS).withName(account).get();
            assertThat(sa.getAutomountServiceAccountToken()).as(account).isFalse();
        }
        Role role = client.rbac().roles().inNamespace(NS).withName(WorkspaceObjects.DRIVER_ACCOUNT).get();
        assertThat(role.getRules()).extracting(r -> r.getResources().get(0)).containsExactly("pods");
        assertThat(role.getRules()).allSatisfy(r -> assertThat(r.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate"));
        RoleBinding binding = client.rbac().roleBindings().inNamespace(NS).withName(WorkspaceObjects.DRIVER_ACCOUNT).get();
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(WorkspaceObjects.DRIVER_ACCOUNT);
            assertThat(s.getNamespace()).isEqualTo(NS);
        });
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(NS).withName(WorkspaceObjects.DATA_CLAIM).get();
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("20Gi"));
    }

    @ParameterizedTest
    @EnumSource(ApplyStrategy.class)
    void aCrashHalfwayHealsOnTheNextReconcile(ApplyStrategy strategy) {
        KubernetesWorkspaceProvisioner provisioner = Fixtures.provisioner(api, strategy, dataDir);
        api.failAfter(5);
        assertThatThrownBy(() -> provisioner.ensure(Fixtures.workspace(ID))).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.KUBERNETES_UNAVAILABLE));
        assertThat(client.namespaces().withName(NS).get()).isNotNull();
        assertThat(client.persistentVolumeClaims().inNamespace(NS).withName(WorkspaceObjects.DATA_CLAIM).get()).as("not reached").isNull();

        provisioner.ensure(Fixtures.workspace(ID));

        assertThat(client.persistentVolumeClaims().inNamespace(NS).withName(WorkspaceObjects.DATA_CLAIM).get()).isNotNull();
        assertThat(client.rbac().roleBindings().inNamespace(NS).withName(WorkspaceObjects.DRIVER_ACCOUNT).get()).isNotNull();
        assertThat(client.network().v1().networkPolicies().inNamespace(NS).withName(WorkspaceObjects.NETWORK_POLICY).get()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(ApplyStrategy.class)
    @Tag("R-19a")
    void driftIsRepaired(ApplyStrategy strategy) {
        KubernetesWorkspaceProvisioner provisioner = Fixtures.provisioner(api, strategy, dataDir);
        provisioner.ensure(Fixtures.workspace(ID));
        client.network().v1().networkPolicies().inNamespace(NS).withName(WorkspaceObjects.NETWORK_POLICY).delete();
        client.resourceQuotas().inNamespace(NS).withName(WorkspaceObjects.QUOTA)
                .edit(q -> { q.getSpec().getHard().put("pods", new Quantity("1000")); return q; });
        client.serviceAccounts().inNamespace(NS).withName(WorkspaceObjects.JOB_ACCOUNT)
                .edit(sa -> { sa.setAutomountServiceAccountToken(true); return sa; });
        client.namespaces().withName(NS).edit(n -> { n.getMetadata().getLabels().remove("pod-security.kubernetes.io/enforce"); return n; });

        provisioner.ensure(Fixtures.workspace(ID));

        assertThat(client.network().v1().networkPolicies().inNamespace(NS).withName(WorkspaceObjects.NETWORK_POLICY).get()).isNotNull();
        assertThat(client.resourceQuotas().inNamespace(NS).withName(WorkspaceObjects.QUOTA).get().getSpec().getHard())
                .containsEntry("pods", new Quantity("20"));
        assertThat(client.serviceAccounts().inNamespace(NS).withName(WorkspaceObjects.JOB_ACCOUNT).get().getAutomountServiceAccountToken())
                .isFalse();
        assertThat(client.namespaces().withName(NS).get().getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    }

    @Test
    void aSecondReconcileWritesNothing() {
        KubernetesWorkspaceProvisioner provisioner = Fixtures.provisioner(api, ApplyStrategy.READ_COMPARE_WRITE, dataDir);
        assertThat(provisioner.apply(Fixtures.workspace(ID)).counts()).containsExactly(Map.entry(ObjectApplier.Result.CREATED, 11));
        api.clearCalls();

        assertThat(provisioner.apply(Fixtures.workspace(ID)).counts()).containsExactly(Map.entry(ObjectApplier.Result.UNCHANGED, 11));
        assertThat(api.calls()).hasSize(11).allSatisfy(call -> assertThat(call.verb()).isEqualTo("get"));
    }

    @Test
    void serverSideApplyIsOnePatchPerObjectWithTheControllersFieldManager() {
        KubernetesWorkspaceProvisioner provisioner = Fixtures.provisioner(api, ApplyStrategy.SERVER_SIDE, dataDir);
        provisioner.ensure(Fixtures.workspace(ID));
        assertThat(api.calls()).hasSize(11).allSatisfy(call -> {
            assertThat(call.verb()).isEqualTo("patch");
            assertThat(call.path()).contains("fieldManager=shuyu-controller").contains("force=true");
        });
    }

    @ParameterizedTest
    @EnumSource(ApplyStrategy.class)
    @Tag("R-17a")
    void endingTheGrantRemovesTheNamespaceItsVolumeAndTheCollectedLogs(ApplyStrategy strategy) throws Exception {
        KubernetesWorkspaceProvisioner provisioner = Fixtures.provisioner(api, strategy, dataDir);
        Workspace workspace = Fixtures.workspace(ID);
        WorkspaceProvisioner.Layout layout = provisioner.ensure(workspace);
        Path log = Files.createDirectories(layout.jobs().resolve("job-1")).resolve("log.txt");
        Files.writeString(log, "12345");
        assertThat(provisioner.storageBytes(ID)).isEqualTo(20L << 30);

        WorkspaceProvisioner.Teardown teardown = provisioner.teardown(workspace);

        assertThat(client.namespaces().withName(NS).get()).isNull();
        assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(client.rbac().roles().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(log).doesNotExist();
        assertThat(teardown.files()).as("namespace, 10 objects in it, 1 log file").isEqualTo(12);
        assertThat(teardown.bytes()).isEqualTo((20L << 30) + 5);
        assertThat(api.calls()).anySatisfy(call -> assertThat(call.rule()).isEqualTo("core/namespaces:delete"));

        WorkspaceProvisioner.Teardown again = provisioner.teardown(workspace);
        assertThat(again.files()).isZero();
        assertThat(new KubernetesRetainedData(provisioner).scope(ID)).contains(NS).contains("workspace-data");
    }

    @Test
    void anOutageFailsWithAStableCodeAndNoPartialSuccessIsReported() {
        KubernetesWorkspaceProvisioner provisioner = Fixtures.provisioner(api, ApplyStrategy.SERVER_SIDE, dataDir);
        api.failing(true);
        assertThatThrownBy(() -> provisioner.ensure(Fixtures.workspace(ID))).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.KUBERNETES_UNAVAILABLE));
        assertThatThrownBy(() -> provisioner.teardown(Fixtures.workspace(ID))).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.KUBERNETES_UNAVAILABLE));
    }

    @Test
    void namesAreDeterministicDnsLabelsAndLabelValuesAreSanitized() {
        assertThat(KubeNames.namespace("shuyu-ws-", ID)).isEqualTo(NS);
        String odd = "Grant_With Odd/Characters-and-a-very-long-tail-that-goes-on-and-on-and-on";
        String name = KubeNames.namespace("shuyu-ws-", odd);
        assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").startsWith("shuyu-ws-grant-with-odd")
                .isEqualTo(KubeNames.namespace("shuyu-ws-", odd));
        assertThat(KubeNames.namespace("shuyu-ws-", odd + "x")).isNotEqualTo(name);
        assertThat(KubeNames.labelValue("组织 甲")).matches("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?").hasSizeLessThanOrEqualTo(63);
        assertThatThrownBy(() -> KubeNames.namespace("shuyu-ws-", " ")).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_WORKSPACE_NAME));
    }
}

package org.shuyu.controller.adapter.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shuyu.controller.config.KubernetesExecutorProperties;
import org.shuyu.controller.config.KubernetesProperties;
import org.shuyu.controller.workspace.Workspace;

/**
 * The desired Kubernetes objects of one workspace, a pure function of the workspace and the settings (STYLE.md
 * (c)9): its namespace (Pod Security {@code restricted}), quota, limit range, default-deny network policy, two
 * service accounts, the driver's role and binding, and the data volume (with shared storage: the data and sources
 * volumes on the platform's export and their claims, docs/storage.md). Same input, same objects, same names.
 */
public final class WorkspaceObjects {
    public static final String QUOTA = "workspace-quota";
    public static final String LIMITS = "workspace-limits";
    public static final String NETWORK_POLICY = "workspace-isolation";
    /** Executor pods: only their driver, each other and DNS (docs/kubernetes.md, "Executors"). */
    public static final String EXECUTOR_POLICY = "workspace-executors";
    /** Driver pods (jobs and engines): the Kubernetes API server, where they start their executors. */
    public static final String DRIVER_API_POLICY = "spark-driver-api";
    /** Job pods that need no API access at all. */
    public static final String JOB_ACCOUNT = "shuyu-job";
    /** The Spark driver: the only identity in the namespace with (namespaced) API rights. */
    public static final String DRIVER_ACCOUNT = "shuyu-spark-driver";
    public static final String DATA_CLAIM = "workspace-data";
    /** With shared storage: the read-only claim of the catalog's source data, bound to this namespace's sources volume. */
    public static final String SOURCES_CLAIM = "workspace-sources";
    /** With shared storage: the directory of the export (and of the controller's data directory) holding workspaces' data. */
    public static final String WORKSPACE_VOLUMES = "workspace-volumes";
    /**
     * Objects in the namespace besides the volume claims (one, or two with shared storage, counted as listed):
     * quota, limits, three network policies, two accounts, role, binding.
     */
    public static final int NAMESPACED_CONFIGURATION_OBJECTS = 9;

    /**
     * What the driver may do in its own namespace: what Spark 4's Kubernetes scheduler calls in client mode with the
     * settings of {@link SparkExecutors#cluster}: get and watch its own pod (owner of the executors), create executor
     * pods, list and watch them (snapshots), delete one, and delete them by label when it stops or gives up on one
     * (deletecollection). No config maps, services or claims: Spark is told to make none. The controller must hold
     * each of these itself (RBAC escalation check), so the chart's role lists them too.
     */
    public static final List<PolicyRule> DRIVER_RULES = List.of(
            new PolicyRuleBuilder().withApiGroups("").withResources("pods")
                    .withVerbs("create", "get", "list", "watch", "delete", "deletecollection").build());

    /** The workspace as Kubernetes needs to know it. */
    public record Target(String workspaceId, Workspace.Kind kind, String organizationId) {
        public Target {
            requireNonNull(workspaceId, "workspaceId is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(organizationId, "organizationId is null");
        }

        public static Target of(Workspace workspace) {
            return new Target(workspace.id(), workspace.kind(), workspace.organizationId());
        }
    }

    private final KubernetesProperties settings;
    private final KubernetesExecutorProperties executors;

    public WorkspaceObjects(KubernetesProperties settings) {
        this(settings, KubernetesExecutorProperties.none());
    }

    public WorkspaceObjects(KubernetesProperties settings, KubernetesExecutorProperties executors) {
        this.settings = requireNonNull(settings, "settings is null");
        this.executors = requireNonNull(executors, "executors is null");
    }

    public String namespace(String workspaceId) {
        return KubeNames.namespace(settings.namespacePrefix(), workspaceId);
    }

    /** Labels of every object of the workspace. */
    public Map<String, String> labels(Target target) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KubeNames.MANAGED_BY, KubeNames.MANAGER);
        labels.put(KubeNames.WORKSPACE, KubeNames.labelValue(target.workspaceId()));
        labels.put(KubeNames.KIND, target.kind().name().toLowerCase(Locale.ROOT));
        labels.put(target.kind() == Workspace.Kind.GRANT ? KubeNames.GRANT : KubeNames.LAB, KubeNames.labelValue(target.workspaceId()));
        labels.put(KubeNames.OPERATOR, KubeNames.labelValue(target.organizationId()));
        return labels;
    }

    /** Every object, namespace first (the others live in it). */
    public List<HasMetadata> desired(Target target) {
        String ns = namespace(target.workspaceId());
        Map<String, String> labels = labels(target);
        List<HasMetadata> objects = new ArrayList<>();
        Map<String, String> nsLabels = new LinkedHashMap<>(labels);
        for (String mode : List.of("enforce", "audit", "warn")) {
            nsLabels.put("pod-security.kubernetes.io/" + mode, "restricted");
            nsLabels.put("pod-security.kubernetes.io/" + mode + "-version", "latest");
        }
        objects.add(new NamespaceBuilder().withMetadata(new ObjectMetaBuilder().withName(ns).withLabels(nsLabels).build()).build());

        KubernetesProperties.Quota q = settings.quota();
        Map<String, Quantity> hard = new LinkedHashMap<>();
        hard.put("requests.cpu", new Quantity(q.requestsCpu()));
        hard.put("requests.memory", new Quantity(q.requestsMemory()));
        hard.put("limits.cpu", new Quantity(q.limitsCpu()));
        hard.put("limits.memory", new Quantity(q.limitsMemory()));
        hard.put("pods", new Quantity(Integer.toString(q.pods())));
        hard.put("requests.storage", new Quantity(q.requestsStorage()));
        hard.put("persistentvolumeclaims", new Quantity(Integer.toString(q.persistentVolumeClaims())));
        objects.add(new ResourceQuotaBuilder().withMetadata(meta(QUOTA, ns, labels)).withNewSpec().withHard(hard).endSpec().build());

        KubernetesProperties.ContainerDefaults c = settings.containerDefaults();
        objects.add(new LimitRangeBuilder().withMetadata(meta(LIMITS, ns, labels)).withNewSpec().addNewLimit().withType("Container")
                .withDefault(Map.of("cpu", new Quantity(c.limitCpu()), "memory", new Quantity(c.limitMemory())))
                .withDefaultRequest(Map.of("cpu", new Quantity(c.requestCpu()), "memory", new Quantity(c.requestMemory())))
                .endLimit().endSpec().build());

        objects.add(networkPolicy(ns, labels));
        objects.add(executorPolicy(ns, labels));
        objects.add(driverApiPolicy(ns, labels));

        objects.add(new ServiceAccountBuilder().withMetadata(meta(JOB_ACCOUNT, ns, labels)).withAutomountServiceAccountToken(false).build());
        // The driver's token is mounted only into pods that ask for it: drivers that run executors.
        objects.add(new ServiceAccountBuilder().withMetadata(meta(DRIVER_ACCOUNT, ns, labels)).withAutomountServiceAccountToken(false)
                .build());
        objects.add(new RoleBuilder().withMetadata(meta(DRIVER_ACCOUNT, ns, labels)).withRules(DRIVER_RULES).build());
        objects.add(new RoleBindingBuilder().withMetadata(meta(DRIVER_ACCOUNT, ns, labels))
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", DRIVER_ACCOUNT)
                .addNewSubject().withKind("ServiceAccount").withName(DRIVER_ACCOUNT).withNamespace(ns).endSubject().build());

        KubernetesProperties.Storage s = settings.storage();
        if (s.shared().enabled()) {
            objects.addAll(sharedVolumes(ns, labels));
            return objects;
        }
        PersistentVolumeClaimBuilder claim = new PersistentVolumeClaimBuilder().withMetadata(meta(DATA_CLAIM, ns, labels)).withNewSpec()
                .withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity(s.size())).endResources()
                .endSpec();
        s.storageClassName().ifPresent(name -> claim.editSpec().withStorageClassName(name).endSpec());
        objects.add(claim.build());
        return objects;
    }

    /** Whether the workspace's data and the sources are on the platform's shared storage (docs/storage.md). */
    public boolean shared() {
        return settings.storage().shared().enabled();
    }

    /** The cluster-scoped volume of a workspace namespace's data claim (shared storage). */
    public static String dataVolume(String namespace) {
        return namespace + "-data";
    }

    /** The cluster-scoped read-only volume of a workspace namespace's sources claim (shared storage). */
    public static String sourcesVolume(String namespace) {
        return namespace + "-sources";
    }

    /** The workspace's directory relative to the export's (and the controller's data directory's) root. */
    public static String workspaceDirectory(String namespace) {
        return WORKSPACE_VOLUMES + "/" + namespace;
    }

    /**
     * Shared storage: two PersistentVolumes on the platform's NFS export, each pre-bound (claimRef) to one claim of
     * this namespace, so no other namespace can bind them and no pod here can name another directory of the export:
     * the workspace's own directory read-write, the sources read-only (NFS {@code readOnly} at the volume). The claims
     * ask for no storage class (static binding by {@code volumeName}).
     */
    private List<HasMetadata> sharedVolumes(String ns, Map<String, String> labels) {
        KubernetesProperties.Storage s = settings.storage();
        KubernetesProperties.Shared shared = s.shared();
        List<HasMetadata> volumes = new ArrayList<>();
        volumes.add(new PersistentVolumeBuilder().withMetadata(new ObjectMetaBuilder().withName(dataVolume(ns)).withLabels(labels).build())
                .withNewSpec().withAccessModes("ReadWriteMany").withCapacity(Map.of("storage", new Quantity(s.size())))
                .withPersistentVolumeReclaimPolicy("Retain").withStorageClassName("").withVolumeMode("Filesystem")
                .withNewClaimRef().withNamespace(ns).withName(DATA_CLAIM).endClaimRef()
                .withNewNfs().withServer(shared.nfsServer()).withPath(shared.root() + "/" + workspaceDirectory(ns)).withReadOnly(false).endNfs()
                .endSpec().build());
        volumes.add(new PersistentVolumeBuilder().withMetadata(new ObjectMetaBuilder().withName(sourcesVolume(ns)).withLabels(labels).build())
                .withNewSpec().withAccessModes("ReadOnlyMany").withCapacity(Map.of("storage", new Quantity(shared.sourcesSize())))
                .withPersistentVolumeReclaimPolicy("Retain").withStorageClassName("").withVolumeMode("Filesystem")
                .withNewClaimRef().withNamespace(ns).withName(SOURCES_CLAIM).endClaimRef()
                .withNewNfs().withServer(shared.nfsServer()).withPath(shared.root() + "/sources").withReadOnly(true).endNfs()
                .endSpec().build());
        volumes.add(new PersistentVolumeClaimBuilder().withMetadata(meta(DATA_CLAIM, ns, labels)).withNewSpec()
                .withAccessModes("ReadWriteMany").withStorageClassName("").withVolumeName(dataVolume(ns)).withVolumeMode("Filesystem")
                .withNewResources().addToRequests("storage", new Quantity(s.size())).endResources().endSpec().build());
        volumes.add(new PersistentVolumeClaimBuilder().withMetadata(meta(SOURCES_CLAIM, ns, labels)).withNewSpec()
                .withAccessModes("ReadOnlyMany").withStorageClassName("").withVolumeName(sourcesVolume(ns)).withVolumeMode("Filesystem")
                .withNewResources().addToRequests("storage", new Quantity(shared.sourcesSize())).endResources().endSpec().build());
        return volumes;
    }

    /**
     * Default deny both ways (R-19a: arbitrary code in a pod cannot send data out) for every pod but executors.
     * Allowed: traffic between the namespace's own pods (Spark driver and executors), egress to the controller's pods
     * on the policy and lineage ports, and DNS to the cluster's resolver. Nothing else, in particular no internet and
     * no other workspace. Executors have a narrower policy of their own ({@link #executorPolicy}).
     */
    private HasMetadata networkPolicy(String ns, Map<String, String> labels) {
        LabelSelector notExecutors = new LabelSelectorBuilder().addNewMatchExpression().withKey(SparkExecutors.ROLE_LABEL)
                .withOperator("NotIn").withValues(SparkExecutors.EXECUTOR_ROLE).endMatchExpression().build();
        KubernetesProperties.Controller controller = settings.controller();
        KubernetesProperties.Dns dns = settings.dns();
        List<NetworkPolicyPort> controllerPorts = controller.ports().stream()
                .map(p -> new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(p)).build()).toList();
        return new NetworkPolicyBuilder().withMetadata(meta(NETWORK_POLICY, ns, labels)).withNewSpec()
                .withPodSelector(notExecutors)
                .withPolicyTypes("Ingress", "Egress")
                .addNewIngress().addNewFrom().withPodSelector(new LabelSelector()).endFrom().endIngress()
                .withEgress(
                        new NetworkPolicyEgressRuleBuilder().addNewTo().withPodSelector(new LabelSelector()).endTo().build(),
                        new NetworkPolicyEgressRuleBuilder().withTo(new NetworkPolicyPeerBuilder()
                                .withNamespaceSelector(namespaceSelector(controller.namespace()))
                                .withPodSelector(new LabelSelectorBuilder().withMatchLabels(controller.podLabels()).build()).build())
                                .withPorts(controllerPorts).build(),
                        new NetworkPolicyEgressRuleBuilder().withTo(new NetworkPolicyPeerBuilder()
                                .withNamespaceSelector(namespaceSelector(dns.namespace()))
                                .withPodSelector(new LabelSelectorBuilder().withMatchLabels(dns.podLabels()).build()).build())
                                .withPorts(new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(dns.port())).build(),
                                        new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(dns.port())).build())
                                .build())
                .endSpec().build();
    }

    /**
     * Executors: ingress from and egress to Spark pods of the namespace only (their driver and the other executors,
     * which fetch each other's shuffle blocks), and DNS (the driver's Service name). No controller, no API server, no
     * other namespace, no internet: what they read and write is on the workspace's volumes.
     */
    private HasMetadata executorPolicy(String ns, Map<String, String> labels) {
        KubernetesProperties.Dns dns = settings.dns();
        return new NetworkPolicyBuilder().withMetadata(meta(EXECUTOR_POLICY, ns, labels)).withNewSpec()
                .withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(SparkExecutors.ROLE_LABEL, SparkExecutors.EXECUTOR_ROLE))
                        .build())
                .withPolicyTypes("Ingress", "Egress")
                .addNewIngress().addNewFrom().withPodSelector(sparkPods()).endFrom().endIngress()
                .withEgress(
                        new NetworkPolicyEgressRuleBuilder().addNewTo().withPodSelector(sparkPods()).endTo().build(),
                        new NetworkPolicyEgressRuleBuilder().withTo(new NetworkPolicyPeerBuilder()
                                .withNamespaceSelector(namespaceSelector(dns.namespace()))
                                .withPodSelector(new LabelSelectorBuilder().withMatchLabels(dns.podLabels()).build()).build())
                                .withPorts(new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(dns.port())).build(),
                                        new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(dns.port())).build())
                                .build())
                .endSpec().build();
    }

    private static LabelSelector sparkPods() {
        return new LabelSelectorBuilder().addNewMatchExpression().withKey(SparkExecutors.ROLE_LABEL).withOperator("In")
                .withValues(SparkExecutors.DRIVER_ROLE, SparkExecutors.EXECUTOR_ROLE).endMatchExpression().build();
    }

    /**
     * Drivers: egress to the Kubernetes API server's endpoints ({@code sandbox.kubernetes.executors.api-server-cidrs}
     * on its ports), where they create and watch their executors. Without executors, or without an address, the
     * policy allows nothing (an egress policy without rules only denies; policies add up, so it takes nothing away).
     */
    private HasMetadata driverApiPolicy(String ns, Map<String, String> labels) {
        NetworkPolicyBuilder policy = new NetworkPolicyBuilder().withMetadata(meta(DRIVER_API_POLICY, ns, labels));
        var spec = policy.withNewSpec()
                .withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(SparkExecutors.ROLE_LABEL, SparkExecutors.DRIVER_ROLE))
                        .build())
                .withPolicyTypes("Egress");
        if (executors.enabled() && !executors.apiServerCidrs().isEmpty()) {
            spec.addNewEgress()
                    .withTo(executors.apiServerCidrs().stream().map(cidr -> new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr)
                            .endIpBlock().build()).toList())
                    .withPorts(executors.apiServerPorts().stream().map(p -> new NetworkPolicyPortBuilder().withProtocol("TCP")
                            .withPort(new IntOrString(p)).build()).toList())
                    .endEgress();
        }
        return spec.endSpec().build();
    }

    private static LabelSelector namespaceSelector(String namespace) {
        return new LabelSelectorBuilder().withMatchLabels(Map.of("kubernetes.io/metadata.name", namespace)).build();
    }

    private static ObjectMeta meta(String name, String namespace, Map<String, String> labels) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build();
    }
}

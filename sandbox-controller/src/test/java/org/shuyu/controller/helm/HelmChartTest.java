package org.shuyu.controller.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.config.KubernetesProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart in {@code helm/shuyu}: {@code helm lint}, {@code helm template} (native Helm through helm-java),
 * the rendered objects, and the rendered manifest against its golden file
 * ({@code src/test/resources/golden/helm/shuyu.yaml}; {@code -Dgolden.update=true} rewrites it).
 */
public class HelmChartTest {
    public static final Path CHART = Path.of("../helm/shuyu");
    private static final Path GOLDEN = Path.of("src/test/resources/golden/helm/shuyu.yaml");
    private static String rendered;
    private static List<Map<String, Object>> documents;

    /** Renders the chart as release {@code shuyu} in namespace {@code shuyu}, with extra {@code --set} values. */
    public static String render(Map<String, String> values) {
        var template = new Helm(CHART).template().withName("shuyu").withNamespace("shuyu");
        values.forEach(template::set);
        return template.call();
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> documents(String manifest) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(manifest)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    public static <T> T one(List<Map<String, Object>> docs, String kind, Class<T> type) {
        List<Map<String, Object>> found = docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertThat(found).as("exactly one %s", kind).hasSize(1);
        return Serialization.jsonMapper().convertValue(found.get(0), type);
    }

    /** The (apiGroup/resource:verb) the chart's controller role grants. */
    public static TreeSet<String> grantedRules(List<Map<String, Object>> docs) {
        TreeSet<String> rules = new TreeSet<>();
        one(docs, "ClusterRole", ClusterRole.class).getRules().forEach(rule -> rule.getApiGroups().forEach(group -> rule.getResources()
                .forEach(resource -> rule.getVerbs().forEach(verb -> rules.add((group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb)))));
        return rules;
    }

    @BeforeAll
    static void renderChart() {
        rendered = render(Map.of());
        documents = documents(rendered);
    }

    @Test
    void lintsClean() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void rendersTheControllerObjects() {
        assertThat(documents).extracting(d -> d.get("kind")).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "ClusterRole",
                "ClusterRoleBinding", "Service", "Deployment", "NetworkPolicy", "PodDisruptionBudget");
        ClusterRoleBinding binding = one(documents, "ClusterRoleBinding", ClusterRoleBinding.class);
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("shuyu");
            assertThat(s.getNamespace()).isEqualTo("shuyu");
        });
    }

    @Test
    void theControllerRunsRestrictedWithProbesAndResources() {
        Deployment deployment = one(documents, "Deployment", Deployment.class);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getServiceAccountName()).isEqualTo("shuyu");
        Container controller = pod.getContainers().get(0);
        assertThat(controller.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(controller.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(controller.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(controller.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(controller.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(controller.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(controller.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(controller.getVolumeMounts()).extracting(m -> m.getMountPath()).contains("/tmp", "/var/lib/shuyu");
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app.kubernetes.io/name", "shuyu",
                "app.kubernetes.io/instance", "shuyu", "app.kubernetes.io/component", "controller"));
    }

    /** docs/replicas.md: two replicas, a disruption budget, spread over nodes, one page-token key from a Secret. */
    @Test
    void twoReplicasWithADisruptionBudgetSpreadOverNodesShareThePageTokenKey() {
        Deployment deployment = one(documents, "Deployment", Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        PodDisruptionBudget budget = one(documents, "PodDisruptionBudget", PodDisruptionBudget.class);
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        var pod = deployment.getSpec().getTemplate().getSpec();
        var preferred = pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        assertThat(preferred).singleElement().satisfies(term -> {
            assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        });
        assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).isNullOrEmpty();
        Container controller = pod.getContainers().get(0);
        assertThat(controller.getReadinessProbe().getHttpGet().getPath()).as("readiness never depends on leadership")
                .isEqualTo("/actuator/health/readiness");
        EnvVar key = controller.getEnv().stream().filter(e -> e.getName().equals("SHUYU_PAGE_TOKEN_KEY")).findFirst().orElseThrow();
        assertThat(key.getValue()).isNull();
        assertThat(key.getValueFrom().getSecretKeyRef().getName()).isEqualTo("shuyu-api");
        assertThat(key.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("page-token-key");
        EnvVar id = controller.getEnv().stream().filter(e -> e.getName().equals("SHUYU_REPLICA_ID")).findFirst().orElseThrow();
        assertThat(id.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");

        assertThat(documents(render(Map.of("replicaCount", "1")))).extracting(d -> d.get("kind")).doesNotContain("PodDisruptionBudget");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> render(Map.of("pageTokenKey.existingSecret", "")))
                .hasMessageContaining("pageTokenKey.existingSecret is required");
    }

    @Test
    void secretsAreReferencedNeverInlined() {
        Container controller = one(documents, "Deployment", Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        Pattern secretish = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|USER).*");
        List<EnvVar> secretEnv = controller.getEnv().stream().filter(e -> secretish.matcher(e.getName()).matches()).toList();
        assertThat(secretEnv).extracting(EnvVar::getName).contains("SHUYU_DB_PASSWORD", "SHUYU_KEYCLOAK_CLIENT_SECRET", "SHUYU_MASK_SECRET",
                "SHUYU_PAGE_TOKEN_KEY");
        assertThat(secretEnv).allSatisfy(e -> {
            assertThat(e.getValue()).as(e.getName()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef()).as(e.getName()).isNotNull();
        });
        assertThat(documents).extracting(d -> d.get("kind")).doesNotContain("Secret");
        assertThat(controller.getEnv()).extracting(EnvVar::getName).contains("SHUYU_DB_URL", "SHUYU_OIDC_ISSUER", "SHUYU_OIDC_JWKS",
                "SHUYU_KEYCLOAK_URL", "SHUYU_RANGER_URL", "SHUYU_ATLAS_URL");
    }

    @Test
    void theRenderedConfigurationBindsToWhatTheControllerReads() throws IOException {
        @SuppressWarnings("unchecked")
        String yaml = ((Map<String, String>) documents.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst().orElseThrow()
                .get("data")).get("application.yml");
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("chart",
                new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        Binder binder = new Binder(ConfigurationPropertySources.from(sources));
        KubernetesProperties settings = binder.bind("sandbox.kubernetes", KubernetesProperties.class).get();
        Deployment deployment = one(documents, "Deployment", Deployment.class);

        assertThat(settings.apply()).isEqualTo(KubernetesProperties.ApplyStrategy.SERVER_SIDE);
        assertThat(settings.controller().namespace()).isEqualTo("shuyu");
        assertThat(settings.controller().podLabels()).as("the workspace NetworkPolicy must select the controller's pods")
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(settings.controller().ports()).containsExactly(8080);
        assertThat(settings.dns().podLabels()).containsEntry("k8s-app", "kube-dns");
        assertThat(settings.quota().pods()).isEqualTo(20);
        assertThat(settings.runtime().runtimeImage()).hasValue("registry.example.org/shuyu/runtime:0.1.0");
        assertThat(binder.bind("sandbox.workspaces.provisioner", SandboxProperties.Backend.class).get())
                .isEqualTo(SandboxProperties.Backend.KUBERNETES);
        assertThat(binder.bind("sandbox.jobs.launcher", SandboxProperties.Backend.class).get()).isEqualTo(SandboxProperties.Backend.KUBERNETES);
        assertThat(binder.bind("sandbox.jobs.policy-url", String.class).get()).isEqualTo("http://shuyu.shuyu.svc:8080");
    }

    @Test
    void theControllerNetworkPolicyAdmitsWorkspacePodsAndLimitsEgress() {
        NetworkPolicy policy = one(documents, "NetworkPolicy", NetworkPolicy.class);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        // Issue 19: the second rule admits Prometheus (metrics.scrapeFrom) to the management port only.
        assertThat(policy.getSpec().getIngress()).hasSize(2);
        assertThat(policy.getSpec().getIngress().get(1).getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(9464));
        assertThat(policy.getSpec().getIngress()).first().satisfies(rule -> {
            assertThat(rule.getFrom()).anySatisfy(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/managed-by", "shuyu"));
            assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8080));
        });
        assertThat(policy.getSpec().getEgress()).allSatisfy(rule -> assertThat(rule.getPorts()).isNotEmpty());
    }

    @Test
    void theRbacFollowsTheApplyStrategy() {
        assertThat(grantedRules(documents)).contains("core/namespaces:patch", "networking.k8s.io/networkpolicies:patch")
                .doesNotContain("core/namespaces:create", "core/namespaces:update");
        assertThat(grantedRules(documents(render(Map.of("kubernetes.apply", "read-compare-write")))))
                .contains("core/namespaces:create", "core/namespaces:update", "networking.k8s.io/networkpolicies:get")
                .doesNotContain("core/namespaces:patch");
        assertThat(grantedRules(documents)).noneMatch(rule -> rule.endsWith(":*") || rule.contains("/*:") || rule.endsWith(":escalate")
                || rule.endsWith(":bind") || rule.endsWith(":impersonate") || rule.startsWith("core/secrets:get")
                || rule.startsWith("core/secrets:list"));
    }

    /** docs/storage.md: off by default; on, the controller mounts the export and may manage persistent volumes, nothing more. */
    @Test
    void sharedStorageMountsTheExportAndGrantsPersistentVolumesOnlyWhenSwitchedOn() throws IOException {
        assertThat(grantedRules(documents)).noneMatch(rule -> rule.startsWith("core/persistentvolumes:"));
        List<Map<String, Object>> shared = documents(render(Map.of("kubernetes.storage.shared.nfsServer", "nfs.example.org",
                "kubernetes.storage.shared.nfsPath", "/exports/shuyu")));
        assertThat(grantedRules(shared)).filteredOn(rule -> rule.startsWith("core/persistentvolumes:"))
                .containsExactlyInAnyOrder("core/persistentvolumes:patch", "core/persistentvolumes:get", "core/persistentvolumes:delete");
        Deployment deployment = one(shared, "Deployment", Deployment.class);
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getName().equals("data")).singleElement()
                .satisfies(v -> {
                    assertThat(v.getNfs().getServer()).isEqualTo("nfs.example.org");
                    assertThat(v.getNfs().getPath()).isEqualTo("/exports/shuyu");
                });
        @SuppressWarnings("unchecked")
        String yaml = ((Map<String, String>) shared.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst().orElseThrow()
                .get("data")).get("application.yml");
        Binder binder = new Binder(ConfigurationPropertySources.from(new YamlPropertySourceLoader().load("chart",
                new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))));
        KubernetesProperties settings = binder.bind("sandbox.kubernetes", KubernetesProperties.class).get();
        assertThat(settings.storage().shared().enabled()).isTrue();
        assertThat(settings.storage().shared().nfsServer()).isEqualTo("nfs.example.org");
        assertThat(settings.storage().shared().root()).isEqualTo("/exports/shuyu");
    }

    @Test
    void theRenderedManifestMatchesItsGoldenFile() throws IOException {
        String content = rendered.endsWith("\n") ? rendered : rendered + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, content, StandardCharsets.UTF_8);
            return;
        }
        assertThat(GOLDEN).as("golden file %s is missing: run the build with -Dgolden.update=true", GOLDEN).exists();
        assertThat(content).as("%s differs from helm template (rewrite with -Dgolden.update=true and review the diff)", GOLDEN)
                .isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }

    @Test
    void theAtlasMirrorTakesItsPasswordFromASecretAndCannotBeEnabledWithoutOne() {
        List<Map<String, Object>> docs = documents(render(Map.of("atlas.enabled", "true", "atlas.existingSecret", "shuyu-atlas")));
        Container controller = one(docs, "Deployment", Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        EnvVar password = controller.getEnv().stream().filter(e -> e.getName().equals("SHUYU_ATLAS_PASSWORD")).findFirst().orElseThrow();
        assertThat(password.getValue()).isNull();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("shuyu-atlas");
        assertThat(controller.getEnv().stream().filter(e -> e.getName().equals("SHUYU_ATLAS_ENABLED")).findFirst().orElseThrow()
                .getValue()).isEqualTo("true");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> render(Map.of("atlas.enabled", "true")))
                .hasMessageContaining("atlas.existingSecret is required");
    }

    @Test
    @Tag("R-21a")
    void flightIsOffByDefaultAndServesOnlyTlsFromASecretWhenEnabled() {
        Container off = one(documents, "Deployment", Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(off.getEnv().stream().filter(e -> e.getName().equals("SHUYU_FLIGHT_ENABLED")).findFirst().orElseThrow()
                .getValue()).isEqualTo("false");
        assertThat(off.getPorts()).extracting(p -> p.getName()).containsExactly("http", "management");

        List<Map<String, Object>> docs = documents(render(Map.of("flight.enabled", "true", "flight.tlsSecret", "shuyu-flight-tls")));
        var pod = one(docs, "Deployment", Deployment.class).getSpec().getTemplate().getSpec();
        Container controller = pod.getContainers().get(0);
        assertThat(controller.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("http:8080", "flight:8815", "management:9464");
        assertThat(controller.getEnv().stream().filter(e -> e.getName().equals("SHUYU_FLIGHT_CERT_CHAIN")).findFirst()
                .orElseThrow().getValue()).isEqualTo("/etc/shuyu/flight-tls/tls.crt");
        assertThat(pod.getVolumes().stream().filter(v -> v.getName().equals("flight-tls")).findFirst().orElseThrow()
                .getSecret().getSecretName()).isEqualTo("shuyu-flight-tls");
        assertThat(documents(render(Map.of("flight.enabled", "true", "flight.tlsSecret", "x"))).stream()
                .filter(d -> "NetworkPolicy".equals(d.get("kind"))).findFirst().orElseThrow().toString()).contains("port=8815");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> render(Map.of("flight.enabled", "true")))
                .hasMessageContaining("flight.enabled needs flight.tlsSecret");
    }
}

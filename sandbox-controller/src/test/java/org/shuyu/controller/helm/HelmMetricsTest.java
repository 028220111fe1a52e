package org.shuyu.controller.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chart's metrics pieces (issue 19, docs/operations.md): the management port in the pod and the Service, probes on
 * it, the scrape token from a Secret, JSON logs; the Grafana dashboard ConfigMap (valid JSON, a panel per metric) and
 * the ServiceMonitor when switched on, and no ServiceMonitor without a token Secret.
 */
class HelmMetricsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theManagementPortTheDashboardAndTheServiceMonitorRender() {
        List<Map<String, Object>> docs = HelmChartTest.documents(HelmChartTest.render(Map.of(
                "metrics.grafanaDashboard.enabled", "true", "metrics.serviceMonitor.enabled", "true",
                "metrics.scrapeTokenSecret", "shuyu-metrics")));
        Deployment deployment = HelmChartTest.one(docs, "Deployment", Deployment.class);
        Container controller = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(controller.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("management");
            assertThat(p.getContainerPort()).isEqualTo(9464);
        });
        assertThat(controller.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(controller.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("SHUYU_METRICS_SCRAPE_TOKEN");
            assertThat(e.getValue()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("shuyu-metrics");
        });
        assertThat(controller.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("SHUYU_LOG_FORMAT");
            assertThat(e.getValue()).isEqualTo("ecs");
        });
        Service service = HelmChartTest.one(docs, "Service", Service.class);
        assertThat(service.getSpec().getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("metrics");
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("management");
        });

        ConfigMap dashboard = docs.stream().filter(d -> "ConfigMap".equals(d.get("kind")))
                .map(d -> Serialization.jsonMapper().convertValue(d, ConfigMap.class))
                .filter(c -> c.getMetadata().getName().endsWith("-dashboard")).findFirst().orElseThrow();
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        JsonNode json = JSON.readTree(dashboard.getData().get("shuyu.json"));
        StringBuilder queries = new StringBuilder();
        json.path("panels").forEach(p -> p.path("targets").forEach(t -> queries.append(t.path("expr").asString()).append('\n')));
        for (String metric : List.of("http_server_requests_seconds", "shuyu_jobs", "shuyu_sessions", "shuyu_admission_queue",
                "shuyu_refusals_total", "shuyu_revocation_latency_seconds", "shuyu_lineage_append_seconds",
                "shuyu_audit_append_seconds", "shuyu_flight_deliveries_total", "shuyu_flight_delivered_bytes_total")) {
            assertThat(queries.toString()).as("a panel for %s", metric).contains(metric);
        }

        Map<String, Object> monitor = docs.stream().filter(d -> "ServiceMonitor".equals(d.get("kind"))).findFirst().orElseThrow();
        assertThat(monitor.toString()).contains("port=metrics", "path=/actuator/prometheus", "name=shuyu-metrics");
    }

    @Test
    void noServiceMonitorWithoutAScrapeTokenSecretAndNoneByDefault() {
        assertThatThrownBy(() -> HelmChartTest.render(Map.of("metrics.serviceMonitor.enabled", "true")))
                .hasMessageContaining("metrics.scrapeTokenSecret");
        assertThat(HelmChartTest.documents(HelmChartTest.render(Map.of()))).extracting(d -> d.get("kind"))
                .doesNotContain("ServiceMonitor");
    }
}

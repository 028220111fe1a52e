package org.shuyu.controller.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.idempotency.IdempotencyKeys;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.TestClockConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pages, versions and retries on H2 (embedded mode): V15 applies, the idempotency store's unique key decides a
 * duplicate there too, and revisions, If-Match and page links work as on PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:concurrency_h2;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "sandbox.data-dir=target/test-data-h2-concurrency",
        "sandbox.lifecycle.scheduler-interval=1h"})
@Import(TestClockConfiguration.class)
class EmbeddedH2ConcurrencyTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    IdempotencyKeys keys;

    private HttpResponse<String> send(Api api, String user, String method, String path, Object body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + api.token(user));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(Api.toJson(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void idempotencyRevisionsAndPagesWorkOnH2() throws Exception {
        assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE version = '15' AND success")
                .query(Long.class).single()).isEqualTo(1);
        Api api = new Api(port);
        LifecycleFixture fx = new LifecycleFixture(api, jdbc, clock);
        String org = fx.organization("applicant", "330200");
        Map<String, Object> lab = Map.of("organizationId", org, "datasetIds", List.of(fx.dataset("CONDITIONAL")),
                "developmentApproach", "feature engineering", "marketPlan", "credit scores", "months", 3);

        HttpResponse<String> first = send(api, "applicant", "POST", "/api/v1/labs", lab, Map.of("Idempotency-Key", "h2-key-1"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        HttpResponse<String> again = send(api, "applicant", "POST", "/api/v1/labs", lab, Map.of("Idempotency-Key", "h2-key-1"));
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM labs WHERE organization_id = ?").param(org).query(Long.class).single()).isEqualTo(1);
        // the unique key decides on H2 as well
        java.time.Instant now = java.time.Instant.now();
        assertThat(keys.begin("someone", "k", "POST", "/api/v1/labs", "f", now, now.plusSeconds(60))).isTrue();
        assertThat(keys.begin("someone", "k", "POST", "/api/v1/labs", "f", now, now.plusSeconds(60))).isFalse();
        keys.release("someone", "k");
        assertThat(keys.find("someone", "k")).isEmpty();

        String id = tools.jackson.databind.json.JsonMapper.builder().build().readTree(first.body()).path("id").asString();
        String etag = send(api, "admin", "GET", "/api/v1/labs/" + id, null, Map.of()).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> stale = send(api, "admin", "POST", "/api/v1/labs/" + id + "/approve", Map.of("note", "ok"),
                Map.of("If-Match", "\"" + (Long.parseLong(etag.replace("\"", "")) + 5) + "\""));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("ETag")).contains(etag);
        HttpResponse<String> approved = send(api, "admin", "POST", "/api/v1/labs/" + id + "/approve", Map.of("note", "ok"),
                Map.of("If-Match", etag));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(approved.headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));

        HttpResponse<String> page = send(api, "admin", "GET", "/api/v1/datasets?limit=1", null, Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Link")).hasValueSatisfying(l -> assertThat(l).contains("pageToken=").endsWith("; rel=\"next\""));
    }
}

package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creations answer 201 (or 202 when work goes on) with {@code Location}: the created resource's URL, which the
 * creator can read, or the parent's when the created thing has no URL of its own. Refusals carry none.
 */
@PlatformTest
@Tag("api-contract")
class CreatedLocationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    private HttpResponse<String> send(String user, String method, String path, Object body) throws IOException, InterruptedException {
        Api api = new Api(port);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + api.token(user))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCreatedResourceIsWhereLocationSays() throws Exception {
        LifecycleFixture fx = new LifecycleFixture(new Api(port), jdbc, clock);
        String dataset = fx.unique("loc").toLowerCase() + ".records";
        HttpResponse<String> registered = send("admin", "POST", "/api/v1/datasets", Map.of("id", dataset,
                "providerId", "market-regulation", "title", "Location test " + dataset, "description", "test",
                "openness", "OPEN", "category", "test", "personLevel", false, "rowCount", 1,
                "columns", List.of(Map.of("name", "uscc", "type", "string", "description", "code",
                        "classification", "PUBLIC", "grade", 1))));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(registered.headers().firstValue("Location")).contains("/api/v1/datasets/" + dataset);
        HttpResponse<String> read = send("admin", "GET", registered.headers().firstValue("Location").orElseThrow(), null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(read.body()).path("id").asString()).isEqualTo(dataset);

        String organization = fx.organization("applicant", "330212");
        HttpResponse<String> lab = send("applicant", "POST", "/api/v1/labs", Map.of("organizationId", organization,
                "datasetIds", List.of(dataset), "developmentApproach", "feature engineering on registry data",
                "marketPlan", "credit risk scores for local banks", "months", 3));
        assertThat(lab.statusCode()).as(lab.body()).isEqualTo(201);
        JsonNode labJson = JSON.readTree(lab.body());
        assertThat(lab.headers().firstValue("Location")).contains("/api/v1/labs/" + labJson.path("id").asString());
        HttpResponse<String> labRead = send("applicant", "GET", lab.headers().firstValue("Location").orElseThrow(), null);
        assertThat(labRead.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(labRead.body()).path("id").asString()).isEqualTo(labJson.path("id").asString());
    }

    @Test
    void withoutAUrlOfItsOwnLocationIsTheListAndARefusalHasNone() throws Exception {
        String provider = "loc-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        Map<String, Object> body = Map.of("id", provider, "name", "Location bureau", "jurisdiction", "330211");
        HttpResponse<String> created = send("admin", "POST", "/api/v1/providers", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/providers");

        HttpResponse<String> again = send("admin", "POST", "/api/v1/providers", body);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Location")).isEmpty();
        HttpResponse<String> forbidden = send("applicant", "POST", "/api/v1/providers", body);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void templatesTakePathVariablesAndBodyPropertiesEncodedAsSegments() {
        record Made(String id, String name) {}
        assertThat(CreatedLocation.location("/api/v1/grants/{id}/things/{body.id}", Map.of("id", "g 1"),
                new Made("t/2", "x"))).isEqualTo("/api/v1/grants/g%201/things/t%2F2");
        assertThatThrownBy(() -> CreatedLocation.location("/api/v1/x/{body.missing}", Map.of(), new Made("a", "b")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("{body.missing}");
    }
}

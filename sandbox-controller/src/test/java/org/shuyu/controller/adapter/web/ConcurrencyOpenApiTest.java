package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The served OpenAPI document shows pages, versions and retries with the parameter names and order of
 * {@code api/openapi.yaml} (the generated client's signatures depend on them).
 */
@PlatformTest
class ConcurrencyOpenApiTest {
    @LocalServerPort
    int port;
    JsonNode paths;
    JsonNode responses;

    @BeforeEach
    void read() {
        Api.Response response = new Api(port).withToken("GET", "/v3/api-docs", null, null);
        assertThat(response.status()).isEqualTo(200);
        paths = response.json().path("paths");
        responses = response.json().path("components").path("responses");
    }

    private List<String> parameters(String path, String method) {
        List<String> out = new ArrayList<>();
        paths.path(path).path(method).path("parameters").forEach(p -> out.add(p.path("in").asString() + ":" + p.path("name").asString()));
        return out;
    }

    @Test
    void listsHaveLimitThenPageTokenAndALinkHeader() {
        assertThat(parameters("/api/v1/grants", "get")).containsExactly("query:limit", "query:pageToken");
        assertThat(parameters("/api/v1/workspaces/{id}/jobs", "get")).containsExactly("path:id", "query:limit", "query:pageToken");
        assertThat(parameters("/api/v1/datasets/{id}/consents", "get"))
                .containsExactly("path:id", "query:offset", "query:limit", "query:pageToken");
        assertThat(parameters("/api/v1/products", "get"))
                .containsExactly("query:grantId", "query:state", "query:limit", "query:pageToken");
        JsonNode limit = paths.path("/api/v1/grants").path("get").path("parameters").get(0).path("schema");
        assertThat(limit.path("minimum").asInt()).isEqualTo(1);
        assertThat(limit.path("maximum").asInt()).isEqualTo(1000);
        assertThat(limit.path("default").asInt()).isEqualTo(100);
        assertThat(paths.path("/api/v1/grants").path("get").path("responses").path("200").path("headers").has("Link")).isTrue();
        // not a list: the audit search has its own page object, the preview is not an array
        assertThat(parameters("/api/v1/audit", "get")).doesNotContain("query:pageToken");
        assertThat(parameters("/api/v1/grants/{id}", "get")).doesNotContain("query:pageToken");
    }

    @Test
    void lifeCycleObjectsHaveETagAndTheirChangesIfMatchAnd412() {
        JsonNode get = paths.path("/api/v1/grants/{id}").path("get");
        assertThat(get.path("responses").path("200").path("headers").has("ETag")).isTrue();
        assertThat(parameters("/api/v1/grants/{id}/suspend", "post")).containsExactly("path:id", "header:If-Match");
        JsonNode suspend = paths.path("/api/v1/grants/{id}/suspend").path("post").path("responses");
        assertThat(resolved(suspend.path("412")).path("description").asString()).contains("PRECONDITION_FAILED");
        assertThat(resolved(suspend.path("412")).path("content").path("application/problem+json").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(suspend.path("200").path("headers").has("ETag")).isTrue();
        assertThat(parameters("/api/v1/applications/{id}/materials/{kind}", "put"))
                .containsExactly("path:id", "path:kind", "header:If-Match");
        assertThat(parameters("/api/v1/grants/{id}/members/{userId}", "delete"))
                .containsExactly("path:id", "path:userId", "header:If-Match");
        assertThat(parameters("/api/v1/products/{id}/submit", "post")).containsExactly("path:id", "header:If-Match");
        // reads of sub-resources and other objects carry none of it
        assertThat(parameters("/api/v1/organizations/{id}/personnel/{userId}", "put")).doesNotContain("header:If-Match");
    }

    @Test
    void creationsHaveIdempotencyKeyLastWith409And422() {
        assertThat(parameters("/api/v1/grants", "post")).containsExactly("header:Idempotency-Key");
        assertThat(parameters("/api/v1/grants/{id}/drills", "post"))
                .containsExactly("path:id", "header:If-Match", "header:Idempotency-Key");
        assertThat(parameters("/api/v1/workspaces/{id}/sessions/{sid}/statements", "post"))
                .containsExactly("path:id", "path:sid", "query:wait", "header:Idempotency-Key");
        JsonNode create = paths.path("/api/v1/labs").path("post");
        assertThat(resolved(create.path("responses").path("409")).path("description").asString()).contains("IDEMPOTENCY_KEY_IN_USE");
        assertThat(resolved(create.path("responses").path("422")).path("description").asString()).contains("IDEMPOTENCY_KEY_REUSED");
        JsonNode key = create.path("parameters").get(0).path("schema");
        assertThat(key.path("maxLength").asInt()).isEqualTo(255);
        assertThat(parameters("/api/v1/organizations/{id}/personnel/{userId}", "put")).doesNotContain("header:Idempotency-Key");
    }

    /** A response, or the shared one under components/responses it references. */
    private JsonNode resolved(JsonNode response) {
        String ref = response.path("$ref").asString("");
        return ref.startsWith("#/components/responses/")
                ? responses.path(ref.substring("#/components/responses/".length())) : response;
    }
}

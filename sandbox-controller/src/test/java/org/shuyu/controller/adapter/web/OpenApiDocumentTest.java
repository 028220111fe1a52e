package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document lists the API and declares the bearer-JWT scheme that every endpoint requires. */
@PlatformTest
class OpenApiDocumentTest {
    @LocalServerPort
    int port;

    @Test
    void listsTheApiAndTheBearerJwtScheme() {
        Api.Response response = new Api(port).withToken("GET", "/v3/api-docs", null, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode docs = response.json();

        assertThat(docs.path("info").path("title").asString()).contains("Shuyu");
        assertThat(docs.path("info").path("version").asString()).isEqualTo("v1");
        assertThat(docs.path("paths").has("/api/v1/me")).as(docs.path("paths").toString()).isTrue();

        JsonNode scheme = docs.path("components").path("securitySchemes").path(OpenApiConfiguration.BEARER_JWT);
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asString()).isEqualTo("JWT");
        assertThat(docs.path("security").get(0).has(OpenApiConfiguration.BEARER_JWT)).isTrue();
    }

    @Test
    void thePublicContractLeavesOutServiceDevelopmentAndErrorPaths() {
        JsonNode docs = new Api(port).withToken("GET", "/v3/api-docs", null, null).json();
        docs.path("paths").propertyNames().forEach(path -> assertThat(path)
                .as("only the public API is in the document").startsWith("/api/v1/"));
        assertThat(docs.path("paths").has("/dev/token")).isFalse();
        assertThat(docs.path("servers").toString()).isEqualTo("[{\"url\":\"/\"}]");
    }

    @Test
    void everyOperationHasAnIdATagAndProblemResponsesWithTheirCodes() {
        JsonNode docs = new Api(port).withToken("GET", "/v3/api-docs", null, null).json();
        JsonNode codes = docs.path("components").path("schemas").path(ProblemResponses.PROBLEM)
                .path("properties").path("code").path("enum");
        assertThat(codes.toString()).contains("\"INVALID_REQUEST\"", "\"ILLEGAL_TRANSITION\"", "\"INTERNAL_ERROR\"");
        JsonNode shared = docs.path("components").path("responses");
        docs.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String where = op.getKey() + " " + path.getKey();
            JsonNode operation = op.getValue();
            assertThat(operation.path("operationId").asString()).as(where).matches("[a-z][A-Za-z]+");
            assertThat(operation.path("tags").size()).as(where).isEqualTo(1);
            assertThat(operation.path("summary").asString()).as(where).isNotBlank();
            JsonNode responses = operation.path("responses");
            for (String status : new String[] {"400", "401", "403", "5XX"}) {
                String ref = responses.path(status).path("$ref").asString();
                assertThat(ref).as(where + " " + status).startsWith("#/components/responses/");
                JsonNode response = shared.path(ref.substring("#/components/responses/".length()));
                assertThat(response.path("content").path("application/problem+json").path("schema").path("$ref")
                        .asString()).as(where + " " + status).isEqualTo("#/components/schemas/Problem");
            }
            assertThat(responses.has("404")).as(where).isEqualTo(path.getKey().contains("{"));
            assertThat(responses.has("409")).as(where).isEqualTo(!op.getKey().equals("get"));
            responses.properties().forEach(r -> {
                if (r.getKey().startsWith("2")) {
                    assertThat(r.getValue().path("content").has("*/*")).as(where + " declares its media type").isFalse();
                }
            });
        }));
        assertThat(shared.path("Unauthorized").path("description").asString()).contains("UNAUTHENTICATED");
        assertThat(shared.path("Conflict").path("description").asString()).contains("ILLEGAL_TRANSITION");
        assertThat(shared.path("BadRequest").path("description").asString()).contains("INVALID_FIELD")
                .doesNotContain("ILLEGAL_TRANSITION");
    }
}

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
        JsonNode devTokenSecurity = docs.path("paths").path("/dev/token").path("post").path("security");
        assertThat(devTokenSecurity.isArray() && devTokenSecurity.isEmpty())
                .as("the development token endpoint needs no token: " + devTokenSecurity).isTrue();
    }
}

package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's title, version and its one security scheme: every endpoint needs a bearer JWT
 * (OIDC access token) except health, the document itself and, in embedded mode, {@code /dev/token}. The one server
 * is {@code /}: the document is served by the API it describes, so clients resolve paths against where they read it.
 * Error responses: {@link ProblemResponses}.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {
    static final String BEARER_JWT = "bearer-jwt";

    @Bean
    OpenAPI shuyuOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Shuyu public data sandbox platform API")
                        .version("v1")
                        .description("Control plane of the public data authorized operation platform. Errors are "
                                + "application/problem+json (RFC 9457) with a stable 'code' field."))
                .components(new Components().addSecuritySchemes(BEARER_JWT, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description("An OIDC access token for audience 'shuyu-controller'; realm roles in "
                                + "realm_access.roles. Embedded mode: POST /dev/token.")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER_JWT))
                .servers(List.of(new Server().url("/")));
    }
}

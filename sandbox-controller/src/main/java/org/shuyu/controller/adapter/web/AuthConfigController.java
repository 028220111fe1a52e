package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.shuyu.controller.config.DevIssuerKey;
import org.shuyu.controller.config.LoginProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code GET /api/v1/auth}: how to log in, so that the CLI needs only the server's URL (docs/identity.md). Public (no
 * token: it is what comes before one). Production: the configured OIDC issuer with its device-flow and token
 * endpoints ({@link OidcDiscovery}) and the CLI's public client. Embedded mode: the development issuer's endpoints,
 * absolute URLs on this server as the caller reached it, and {@code devIssuer: true}.
 */
@RestController
class AuthConfigController {
    private final SandboxProperties properties;
    private final LoginProperties login;
    private final Optional<DevIssuerKey> devIssuer;
    private final Optional<OidcDiscovery> discovery;

    AuthConfigController(SandboxProperties properties, LoginProperties login, Optional<DevIssuerKey> devIssuer) {
        this.properties = properties;
        this.login = login;
        this.devIssuer = devIssuer;
        this.discovery = properties.identity().allowInsecureDevIssuer() ? Optional.empty()
                : properties.identity().issuerUri().map(issuer -> OidcDiscovery.overHttp(issuer, login.discoveryCacheTtl()));
    }

    /**
     * What the CLI (device flow with {@code clientId}) and the web console (authorization code with PKCE with
     * {@code consoleClientId}) need to log in. {@code endSessionEndpoint} is absent when the issuer has none.
     */
    record AuthConfig(String issuer, String clientId, String audience, String deviceAuthorizationEndpoint,
                      String tokenEndpoint, boolean devIssuer, String consoleClientId, String authorizationEndpoint,
                      String endSessionEndpoint) {}

    @GetMapping(path = "/api/v1/auth", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getAuthConfig", tags = "identity", summary = "How to log in: the OIDC issuer, the CLI's and the console's client ids and their endpoints.")
    @SecurityRequirements // public: it is what a client reads before it has a token
    AuthConfig authConfig(HttpServletRequest request) {
        String audience = properties.identity().audience();
        if (devIssuer.isPresent()) {
            String base = ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
            return new AuthConfig(devIssuer.get().issuer(), login.clientId(), audience,
                    base + "/dev/oauth/device", base + "/dev/oauth/token", true, login.consoleClientId(),
                    base + "/dev/oauth/authorize", null);
        }
        OidcDiscovery oidc = discovery.orElseThrow(() -> new IllegalStateException("no OIDC issuer configured"));
        OidcDiscovery.Endpoints endpoints = oidc.endpoints();
        return new AuthConfig(oidc.issuer(), login.clientId(), audience,
                endpoints.deviceAuthorizationEndpoint(), endpoints.tokenEndpoint(), false, login.consoleClientId(),
                endpoints.authorizationEndpoint(), endpoints.endSessionEndpoint());
    }
}

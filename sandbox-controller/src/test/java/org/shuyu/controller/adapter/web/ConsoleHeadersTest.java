package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.config.SandboxProperties;

/**
 * The console's Content-Security-Policy: only this server in embedded mode; in production the OIDC issuer's origin
 * (not its path) is added where the console talks to it (the token endpoint by fetch, the logout form) and nowhere else.
 */
@Tag("R-06")
class ConsoleHeadersTest {

    @Test
    void embeddedModeAllowsOnlyThisServer() {
        String csp = ConsoleHeaders.contentSecurityPolicy(properties(true, null));
        assertThat(csp).contains("default-src 'self'").contains("script-src 'self';")
                .contains("style-src 'self' 'unsafe-inline'").contains("connect-src 'self';")
                .contains("frame-ancestors 'none'").contains("object-src 'none'").contains("base-uri 'self'")
                .endsWith("form-action 'self'").doesNotContain("unsafe-eval").doesNotContain("http");
    }

    @Test
    void productionAddsTheIssuersOriginToConnectAndFormActionOnly() {
        String csp = ConsoleHeaders.contentSecurityPolicy(properties(false, "https://sso.gov.example:8443/realms/shuyu"));
        assertThat(csp).contains("connect-src 'self' https://sso.gov.example:8443;")
                .endsWith("form-action 'self' https://sso.gov.example:8443")
                .contains("script-src 'self';").contains("default-src 'self';").doesNotContain("/realms");
        assertThat(ConsoleHeaders.contentSecurityPolicy(properties(false, "https://sso.gov.example/realms/shuyu/")))
                .contains("connect-src 'self' https://sso.gov.example;");
    }

    @Test
    void theDevelopmentIssuerFlagWinsOverAnIssuerSetting() {
        // embedded mode with an issuer configured still talks only to itself
        assertThat(ConsoleHeaders.contentSecurityPolicy(properties(true, "https://sso.gov.example/realms/shuyu")))
                .contains("connect-src 'self';").endsWith("form-action 'self'");
        assertThat(ConsoleHeaders.contentSecurityPolicy(properties(false, null))).contains("connect-src 'self';");
    }

    private static SandboxProperties properties(boolean devIssuer, String issuer) {
        return new SandboxProperties(devIssuer ? SandboxProperties.Mode.EMBEDDED : SandboxProperties.Mode.PRODUCTION,
                Path.of("target/test-data"), false,
                new SandboxProperties.Identity(issuer, null, "shuyu-controller", Duration.ofSeconds(30), devIssuer, Duration.ofMinutes(15)),
                new SandboxProperties.Audit(400),
                new SandboxProperties.Lifecycle(Duration.ofSeconds(60), Duration.ZERO),
                new SandboxProperties.Workspaces(Duration.ofSeconds(10)),
                new SandboxProperties.Jobs(1, "1536m", Duration.ofMinutes(30), Duration.ofMinutes(3), 100, 1000, 10000, null, null, null));
    }
}

package org.shuyu.controller.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The controller in production mode against this run's real Keycloak ({@link KeycloakServer}): tokens verified
 * against the realm's JWKS, issuer and audience; workspace groups provisioned in the realm with the controller
 * client's generated secret; this run's own PostgreSQL database. The clock skew is 3 s (production: 30 s) so an
 * expired-token test waits only seconds. Scheduled passes are off: tests trigger what they need.
 */
public class KeycloakInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
        KeycloakServer keycloak = KeycloakServer.get();
        TestPropertyValues.of(
                "sandbox.mode=PRODUCTION",
                "sandbox.api.page-token-key=test-page-token-key-of-at-least-32-characters",
                "sandbox.demo-catalog=false",
                "sandbox.identity.allow-insecure-dev-issuer=false",
                "sandbox.identity.issuer=" + keycloak.issuer(),
                "sandbox.identity.jwk-set-uri=" + keycloak.jwkSetUri(),
                "sandbox.identity.clock-skew=3s",
                "sandbox.identity.keycloak.provisioning=true",
                "sandbox.identity.keycloak.server-url=" + keycloak.url(),
                "sandbox.identity.keycloak.client-secret=" + keycloak.controllerClientSecret(),
                "sandbox.identity.keycloak.reconcile-interval=1h",
                "sandbox.identity.keycloak.reconcile-initial-delay=1h",
                "spring.datasource.url=" + TestDatabase.url("keycloak"),
                "spring.datasource.username=" + TestDatabase.user(),
                "spring.datasource.password=",
                "sandbox.data-dir=target/test-data",
                "sandbox.lifecycle.scheduler-interval=1h",
                // Production serves Flight only over TLS; these tests are about identity.
                "sandbox.products.flight.enabled=false",
                "sandbox.connect.port=-1")
                .applyTo(context.getEnvironment());
    }
}

package org.shuyu.controller.adapter.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.config.KeycloakProperties;

/** Provisioning refuses to start half-configured, and the secret never shows in the settings' text. */
class KeycloakConfigurationTest {
    @Test
    void provisioningWithoutAServerOrASecretRefusesToStart() {
        assertThatThrownBy(() -> new KeycloakConfiguration().keycloakAdmin(properties(null, "s3cret-value")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("server-url");
        assertThatThrownBy(() -> new KeycloakConfiguration().keycloakAdmin(properties("http://127.0.0.1:1", " ")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SHUYU_KEYCLOAK_CLIENT_SECRET");
    }

    @Test
    void theSecretIsNeverPrintedAndBlankAuthorizedPartiesMeanNoRestriction() {
        KeycloakProperties p = properties("http://127.0.0.1:1", "s3cret-value");
        assertThat(p.toString()).doesNotContain("s3cret-value").contains("clientSecret=(set)");
        assertThat(new KeycloakProperties(List.of("", " "), true, null, "shuyu", "c", null, "g", Duration.ofSeconds(1)).authorizedParties())
                .isEmpty();
    }

    private static KeycloakProperties properties(String server, String secret) {
        return new KeycloakProperties(List.of(), true, server, "shuyu", "shuyu-controller", secret, "shuyu-workspaces", Duration.ofSeconds(1));
    }
}

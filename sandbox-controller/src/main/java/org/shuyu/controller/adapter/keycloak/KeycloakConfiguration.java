package org.shuyu.controller.adapter.keycloak;

import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.client.jaxrs.internal.ResteasyClientBuilderImpl;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.shuyu.controller.config.KeycloakProperties;
import org.shuyu.controller.identity.IdentityProvisioner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Production provisioning ({@code sandbox.identity.keycloak.provisioning=true}): the realm's admin API, reached as
 * the controller's own client with client credentials. Its service account needs the realm-management roles
 * manage-users, view-users, query-users and query-groups (the shipped realm grants them).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sandbox.identity.keycloak.provisioning", havingValue = "true")
public class KeycloakConfiguration {
    @Bean(destroyMethod = "close")
    Keycloak keycloakAdmin(KeycloakProperties properties) {
        String server = properties.server().orElseThrow(() -> new IllegalStateException(
                "Refusing to start: sandbox.identity.keycloak.provisioning=true needs sandbox.identity.keycloak.server-url"));
        String secret = properties.secret().orElseThrow(() -> new IllegalStateException(
                "Refusing to start: sandbox.identity.keycloak.provisioning=true needs sandbox.identity.keycloak.client-secret"
                        + " (SHUYU_KEYCLOAK_CLIENT_SECRET)"));
        long timeout = properties.timeout().toMillis();
        return KeycloakBuilder.builder()
                .serverUrl(server)
                .realm(properties.realm())
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .clientId(properties.clientId())
                .clientSecret(secret)
                .resteasyClient(new ResteasyClientBuilderImpl()
                        .connectTimeout(timeout, TimeUnit.MILLISECONDS)
                        .readTimeout(timeout, TimeUnit.MILLISECONDS)
                        .connectionPoolSize(4)
                        .build())
                .build();
    }

    @Bean
    IdentityProvisioner keycloakIdentityProvisioner(Keycloak keycloak, KeycloakProperties properties) {
        return new KeycloakIdentityProvisioner(keycloak.realm(properties.realm()), properties.parentGroup());
    }
}

package org.shuyu.controller.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Keycloak realm beyond token validation (which is {@code sandbox.identity.issuer} and {@code jwk-set-uri}):
 * which clients' tokens are accepted, and the provisioning of workspace groups through the realm's admin API with
 * the controller's own client (client credentials). The secret comes from the environment, never from a file in
 * the repository.
 */
@Validated
@ConfigurationProperties("sandbox.identity.keycloak")
public record KeycloakProperties(
        /** Clients ({@code azp}) whose access tokens are accepted; empty accepts any client whose tokens carry the audience. */
        List<String> authorizedParties,
        /** Whether workspace groups are provisioned in Keycloak; off, the platform's own membership is still the gate. */
        @DefaultValue("false") boolean provisioning,
        /** The Keycloak server, e.g. {@code https://keycloak.example} (without {@code /realms/...}). */
        String serverUrl,
        @DefaultValue("shuyu") @NotBlank String realm,
        @DefaultValue("shuyu-controller") @NotBlank String clientId,
        String clientSecret,
        /** The top-level group under which every workspace group lives; everything under it is managed by the controller. */
        @DefaultValue("shuyu-workspaces") @NotBlank String parentGroup,
        @DefaultValue("10s") @NotNull Duration timeout) {

    public KeycloakProperties {
        // An empty environment variable binds as one blank entry: it means "no restriction", never "nobody".
        authorizedParties = authorizedParties == null ? List.of()
                : authorizedParties.stream().filter(p -> p != null && !p.isBlank()).map(String::strip).toList();
    }

    public Optional<String> server() {
        return Optional.ofNullable(serverUrl).filter(s -> !s.isBlank());
    }

    public Optional<String> secret() {
        return Optional.ofNullable(clientSecret).filter(s -> !s.isBlank());
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "KeycloakProperties[authorizedParties=" + authorizedParties + ", provisioning=" + provisioning + ", serverUrl=" + serverUrl
                + ", realm=" + realm + ", clientId=" + clientId + ", clientSecret=" + (secret().isPresent() ? "(set)" : "(unset)")
                + ", parentGroup=" + parentGroup + ", timeout=" + timeout + "]";
    }
}

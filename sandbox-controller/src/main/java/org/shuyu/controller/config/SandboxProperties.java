package org.shuyu.controller.config;

import static java.util.Objects.requireNonNull;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The controller's settings, under {@code sandbox.*}. Defaults are the secure ones. */
@Validated
@ConfigurationProperties("sandbox")
public record SandboxProperties(
        @DefaultValue("PRODUCTION") @NotNull Mode mode,
        @DefaultValue("./shuyu-data") @NotNull Path dataDir,
        @DefaultValue("false") boolean demoCatalog,
        @Valid @NotNull @DefaultValue Identity identity,
        @Valid @NotNull @DefaultValue Audit audit,
        @Valid @NotNull @DefaultValue Lifecycle lifecycle) {

    public SandboxProperties {
        requireNonNull(mode, "mode is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(identity, "identity is null");
        requireNonNull(audit, "audit is null");
        requireNonNull(lifecycle, "lifecycle is null");
    }

    public enum Mode { EMBEDDED, PRODUCTION }

    /**
     * Token validation. In production the issuer and its JWKS come from the Keycloak realm; the built-in
     * development issuer ({@code allow-insecure-dev-issuer}) is refused outside embedded mode.
     */
    public record Identity(
            String issuer,
            String jwkSetUri,
            @DefaultValue("shuyu-controller") @NotBlank String audience,
            @DefaultValue("30s") @NotNull Duration clockSkew,
            @DefaultValue("false") boolean allowInsecureDevIssuer,
            @DefaultValue("15m") @NotNull Duration devTokenLifetime) {

        public Optional<String> issuerUri() {
            return Optional.ofNullable(issuer).filter(s -> !s.isBlank());
        }

        public Optional<String> jwkSetLocation() {
            return Optional.ofNullable(jwkSetUri).filter(s -> !s.isBlank());
        }
    }

    /** Audit retention: at least 184 days, so logs outlive a terminated operator by six months (R-17a). */
    public record Audit(@DefaultValue("400") @Min(184) int retentionDays) {}

    /** The scheduler that applies expiries, overdue rectification deadlines and due deletions. */
    public record Lifecycle(
            @DefaultValue("60s") @NotNull Duration schedulerInterval,
            @DefaultValue("0s") @NotNull Duration deletionGrace) {}
}

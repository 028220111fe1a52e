package org.shuyu.controller.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the {@code shuyu} CLI logs in ({@code GET /api/v1/auth}, docs/identity.md): the public OIDC client it uses and,
 * in embedded mode, the development issuer's device flow (RFC 8628) timings. Production takes the issuer from
 * {@code sandbox.identity.issuer}; the device-flow settings below then do nothing (Keycloak has its own).
 */
@Validated
@ConfigurationProperties("sandbox.identity.login")
public record LoginProperties(
        /** The CLI's public client id in the realm (and the only client id the development issuer accepts). */
        @DefaultValue("shuyu-cli") @NotBlank String clientId,
        /** The web console's public client id (authorization code with PKCE); the development issuer accepts it too. */
        @DefaultValue("shuyu-console") @NotBlank String consoleClientId,
        /** How long the issuer's discovery document is cached once fetched. */
        @DefaultValue("1h") @NotNull Duration discoveryCacheTtl,
        /** Development issuer: how long a device code and its user code can be approved and polled. */
        @DefaultValue("10m") @NotNull Duration deviceCodeLifetime,
        /** Development issuer: the minimum seconds between two polls of one device code (RFC 8628 {@code interval}). */
        @DefaultValue("5") int pollIntervalSeconds,
        /** Development issuer: how long a refresh token stays usable (each use rotates it). */
        @DefaultValue("8h") @NotNull Duration refreshTokenLifetime) {

    public LoginProperties {
        if (pollIntervalSeconds < 1 || pollIntervalSeconds > 60) {
            throw new IllegalArgumentException("sandbox.identity.login.poll-interval-seconds must be 1..60");
        }
        if (deviceCodeLifetime.isNegative() || deviceCodeLifetime.isZero()
                || refreshTokenLifetime.isNegative() || refreshTokenLifetime.isZero()) {
            throw new IllegalArgumentException("sandbox.identity.login lifetimes must be positive");
        }
    }
}

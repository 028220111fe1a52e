package org.shuyu.controller.adapter.identity;

import java.time.Clock;
import java.time.Duration;
import org.shuyu.controller.config.DevIssuerKey;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.config.LoginProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The development issuer exists only when {@code sandbox.identity.allow-insecure-dev-issuer=true} (embedded mode). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sandbox.identity.allow-insecure-dev-issuer", havingValue = "true")
public class DevIdentityConfiguration {
    @Bean
    DevTokenIssuer devTokenIssuer(SandboxProperties properties, IdGenerator ids) {
        if (properties.mode() != SandboxProperties.Mode.EMBEDDED) {
            throw new IllegalStateException(
                    "Refusing to start: sandbox.identity.allow-insecure-dev-issuer=true is only allowed in embedded mode");
        }
        // Tokens live in real time, like the validator that checks them; the platform's business clock
        // (which tests move) governs terms and deadlines, not token lifetimes.
        return new DevTokenIssuer(properties.identity().audience(), properties.identity().devTokenLifetime(), Clock.systemUTC(), ids);
    }

    /** The device flow's codes and refresh tokens, in memory, timed by the real clock (like the tokens). */
    @Bean
    DeviceFlow deviceFlow(LoginProperties login) {
        return new DeviceFlow(Clock.systemUTC(), login.deviceCodeLifetime(), login.pollIntervalSeconds(),
                login.refreshTokenLifetime());
    }

    /** The console's authorization codes (code flow with PKCE), in memory, valid for one minute. */
    @Bean
    AuthorizationCodes authorizationCodes() {
        return new AuthorizationCodes(Clock.systemUTC(), Duration.ofMinutes(1));
    }

    /** What the web adapter's token validator trusts: this issuer's name and public key. */
    @Bean
    DevIssuerKey devIssuerKey(DevTokenIssuer devTokenIssuer) {
        return new DevIssuerKey(DevTokenIssuer.ISSUER, devTokenIssuer.publicKey());
    }

    /** Once the controller listens, tells how to get a development token for a demo user. */
    @Bean
    DevTokenBanner devTokenBanner(SandboxProperties properties) {
        return new DevTokenBanner(properties);
    }
}

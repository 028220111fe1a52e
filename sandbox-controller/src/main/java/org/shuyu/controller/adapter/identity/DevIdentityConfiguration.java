package org.shuyu.controller.adapter.identity;

import java.time.Clock;
import org.shuyu.controller.config.SandboxProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The development issuer exists only when {@code sandbox.identity.allow-insecure-dev-issuer=true} (embedded mode). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sandbox.identity.allow-insecure-dev-issuer", havingValue = "true")
public class DevIdentityConfiguration {
    @Bean
    DevTokenIssuer devTokenIssuer(SandboxProperties properties, Clock clock) {
        if (properties.mode() != SandboxProperties.Mode.EMBEDDED) {
            throw new IllegalStateException(
                    "Refusing to start: sandbox.identity.allow-insecure-dev-issuer=true is only allowed in embedded mode");
        }
        return new DevTokenIssuer(properties.identity().audience(), properties.identity().devTokenLifetime(), clock);
    }
}

package org.shuyu.controller.config;

import java.time.Clock;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Time and identifiers come from beans, never inline {@code now()} or {@code randomUUID()} calls. */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    IdGenerator idGenerator() {
        return prefix -> prefix + "-" + UUID.randomUUID();
    }
}

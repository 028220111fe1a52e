package org.shuyu.controller.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Tests move time with a {@link MutableClock}; the controller's own clock bean yields to it. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {
    @Bean
    @Primary
    MutableClock mutableClock() {
        return new MutableClock();
    }
}

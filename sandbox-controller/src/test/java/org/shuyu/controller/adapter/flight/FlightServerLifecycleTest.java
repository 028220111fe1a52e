package org.shuyu.controller.adapter.flight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.adapter.identity.DevTokenIssuer;
import org.shuyu.controller.config.FlightProperties;
import org.shuyu.controller.fake.InMemoryDeliveryGate;
import org.shuyu.controller.product.DeliveryGate;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** The Flight endpoint starts with the application only when enabled and a delivery gate exists, and stops cleanly. */
@Tag("R-21a")
class FlightServerLifecycleTest {
    private static final FlightProperties EPHEMERAL = new FlightProperties(true, "127.0.0.1", 0, null, null, false);

    private static FlightServerLifecycle lifecycle(FlightProperties settings, boolean withGate) {
        DevTokenIssuer issuer = new DevTokenIssuer("shuyu-controller", Duration.ofMinutes(5), Clock.systemUTC(), p -> p + "-1");
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("jwtDecoder", NimbusJwtDecoder.withPublicKey(issuer.publicKey()).build());
        if (withGate) {
            beans.addBean("gate", new InMemoryDeliveryGate());
        }
        return new FlightServerLifecycle(settings, beans.getBeanProvider(DeliveryGate.class), beans.getBeanProvider(JwtDecoder.class),
                beans.getBeanProvider(org.shuyu.controller.audit.AuditLog.class),
                beans.getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
    }

    @Test
    void startsOnAnEphemeralPortAndStopsCleanly() {
        FlightServerLifecycle lifecycle = lifecycle(EPHEMERAL, true);
        lifecycle.start();
        try {
            assertThat(lifecycle.isRunning()).isTrue();
            assertThat(lifecycle.port().orElseThrow()).isPositive();
        } finally {
            lifecycle.stop();
        }
        assertThat(lifecycle.isRunning()).isFalse();
        assertThat(lifecycle.port()).isEmpty();
        lifecycle.stop();
    }

    @Test
    void doesNotStartWhenDisabledOrWithoutAGate() {
        FlightServerLifecycle disabled = lifecycle(new FlightProperties(false, "127.0.0.1", 0, null, null, false), true);
        disabled.start();
        assertThat(disabled.isRunning()).isFalse();

        FlightServerLifecycle noGate = lifecycle(EPHEMERAL, false);
        noGate.start();
        assertThat(noGate.isRunning()).isFalse();
    }
}

package org.shuyu.controller.support;

import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the controller at this run's shared PostgreSQL test database. */
public class PostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    /** The scrape token of the test controller's {@code /actuator/prometheus}. */
    public static final String SCRAPE_TOKEN = "test-scrape-token-0123456789abcdef";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(
                "spring.datasource.url=" + TestDatabase.url("platform"),
                "spring.datasource.username=" + TestDatabase.user(),
                "spring.datasource.password=",
                "sandbox.data-dir=target/test-data",
                // Contexts cached by the test framework share this database: each leads its own replica set.
                "sandbox.replica.cluster=test-" + UUID.randomUUID(),
                "sandbox.lifecycle.scheduler-interval=1h",
                "sandbox.workspaces.reconcile-interval=1h",
                "sandbox.jobs.max-concurrent=2",
                // Test jobs are short: C1 only and the serial collector start a job JVM about a fifth faster
                "sandbox.jobs.jvm-options=-XX:TieredStopAtLevel=1,-XX:+UseSerialGC",
                // Issue 19: the Prometheus scraper's token (MetricsEndpointTest, SentinelChannelsTest); no gauge cache.
                "sandbox.metrics.scrape-token=" + SCRAPE_TOKEN,
                "sandbox.metrics.gauge-cache=0s")
                .applyTo(context.getEnvironment());
    }
}

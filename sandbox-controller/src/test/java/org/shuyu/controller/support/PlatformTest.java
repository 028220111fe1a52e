package org.shuyu.controller.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole controller on a random port against this run's PostgreSQL database, with the embedded
 * development issuer and the OpenLineage export to a file. Every class carrying it shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // Every real job of the platform tests is also exported as OpenLineage events (docs/openlineage.md), to a file
        // under target/; SentinelChannelsTest scans them, OpenLineageFlowTest validates them.
        "sandbox.openlineage.enabled=true", "sandbox.openlineage.transport=file",
        "sandbox.openlineage.file=target/openlineage/platform-events.ndjson", "sandbox.openlineage.delivery-interval=1s"})
@ContextConfiguration(initializers = PostgresInitializer.class)
@Import(TestClockConfiguration.class)
public @interface PlatformTest {}

package org.shuyu.controller.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Metrics ({@code sandbox.metrics.*}, docs/operations.md). {@code /actuator/prometheus} answers only a scraper that
 * presents {@code Authorization: Bearer <scrape-token>}; without a token configured it answers nobody (fail closed).
 * The token comes from the environment ({@code SHUYU_METRICS_SCRAPE_TOKEN}, a Kubernetes Secret), never from a file
 * in the repository; it must be at least 24 characters.
 */
@Validated
@ConfigurationProperties("sandbox.metrics")
public record MetricsProperties(
        /** The scraper's bearer token; empty: the endpoint refuses every caller. */
        String scrapeToken,
        /** How long the state gauges (jobs, sessions, engines by state) reuse one database count. */
        @DefaultValue("5s") @NotNull Duration gaugeCache) {

    /** The shortest scrape token accepted: a guessable token would open the metrics to anyone who can reach the port. */
    public static final int MIN_TOKEN_LENGTH = 24;

    public MetricsProperties {
        if (scrapeToken != null && !scrapeToken.isBlank() && scrapeToken.strip().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("sandbox.metrics.scrape-token must be at least " + MIN_TOKEN_LENGTH
                    + " characters (or empty: the metrics endpoint then refuses every caller)");
        }
        if (gaugeCache == null || gaugeCache.isNegative()) {
            throw new IllegalArgumentException("sandbox.metrics.gauge-cache must be zero or positive");
        }
    }

    /** The configured token, if any. */
    public Optional<String> token() {
        return Optional.ofNullable(scrapeToken).map(String::strip).filter(t -> !t.isEmpty());
    }
}

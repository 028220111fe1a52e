package org.shuyu.controller.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Interactive sessions and statements (issue 16, docs/sessions.md), under {@code sandbox.sessions.*}.
 * {@code idleTimeout}: a session without a statement for longer is closed (IDLE); {@code sweepInterval}: how often
 * that is checked. {@code maxPerMember}: open sessions a member may hold in one workspace. {@code maxSqlChars}: the
 * longest statement text. {@code maxWait}: the longest {@code ?wait=} of a submission or status read.
 * {@code resultTtl} and {@code resultMaxStatements}: how long and how many statements' first rows the controller
 * keeps in memory (never on disk, in the database, logs or audit).
 */
@Validated
@ConfigurationProperties("sandbox.sessions")
public record SessionProperties(
        @DefaultValue("20m") @NotNull Duration idleTimeout,
        @DefaultValue("30s") @NotNull Duration sweepInterval,
        @DefaultValue("4") @Min(1) @Max(100) int maxPerMember,
        @DefaultValue("100000") @Min(100) @Max(1000000) int maxSqlChars,
        @DefaultValue("30s") @NotNull Duration maxWait,
        @DefaultValue("10m") @NotNull Duration resultTtl,
        @DefaultValue("200") @Min(1) @Max(10000) int resultMaxStatements) {

    /** The defaults, for tests and tools that build the services by hand. */
    public static SessionProperties defaults() {
        return new SessionProperties(Duration.ofMinutes(20), Duration.ofSeconds(30), 4, 100_000, Duration.ofSeconds(30),
                Duration.ofMinutes(10), 200);
    }
}

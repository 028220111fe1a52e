package org.shuyu.controller.config;

import static java.util.Objects.requireNonNull;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Warm workspace engines, under {@code sandbox.engines.*} (docs/engines.md). {@code idleTimeout}: an engine with no
 * session activity and nothing running for this long is stopped. {@code cores} and {@code memoryMb}: each engine's
 * limits ({@code local[cores]}, {@code -Xmx}; the pod's requests and limits on Kubernetes). {@code startTimeout}: how
 * long a start may take until the engine's ready.json. {@code evictionInterval}: how often idle engines and dead
 * processes are looked for. {@code batchOnWarmEngine}: batch jobs run on the workspace's engine when one is up.
 * {@code controlTimeout}: the longest a control call may take (long polls add their own wait).
 */
@Validated
@ConfigurationProperties("sandbox.engines")
public record EngineProperties(
        @DefaultValue("PT20M") @NotNull Duration idleTimeout,
        @DefaultValue("1") @Min(1) @Max(256) int cores,
        @DefaultValue("1024") @Min(256) @Max(1048576) int memoryMb,
        @DefaultValue("PT2M") @NotNull Duration startTimeout,
        @DefaultValue("PT30S") @NotNull Duration evictionInterval,
        @DefaultValue("true") boolean batchOnWarmEngine,
        @DefaultValue("PT30S") @NotNull Duration controlTimeout) {

    public EngineProperties {
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(startTimeout, "startTimeout is null");
        requireNonNull(evictionInterval, "evictionInterval is null");
        requireNonNull(controlTimeout, "controlTimeout is null");
    }

    /** The defaults, as an unbound configuration would have them (tests). */
    public static EngineProperties defaults() {
        return new EngineProperties(Duration.ofMinutes(20), 2, 1024, Duration.ofMinutes(2), Duration.ofSeconds(30), true,
                Duration.ofSeconds(30));
    }
}

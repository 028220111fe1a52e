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
 * Where the local launchers' Spark tasks run, under {@code sandbox.spark.*} (docs/executors.md). {@code mode}:
 * {@code local} runs tasks inside each driver's JVM ({@code local[n]}, the default); {@code standalone} starts a Spark
 * standalone cluster (one master, {@code workers} workers of {@code worker-cores} cores and {@code worker-memory-mb}
 * each, all on 127.0.0.1) and gives every job and engine executors of its own, {@code executor-cores} and
 * {@code executor-memory-mb} each, at most {@code job-cores} cores for a job and the engine's own cores for an engine.
 * {@code master-port} 0 picks a free port. {@code start-timeout}: how long a job or engine waits for the cluster's
 * first start. {@code daemon-memory}: the master's and workers' own heap.
 */
@Validated
@ConfigurationProperties("sandbox.spark")
public record SparkProperties(
        @DefaultValue("local") @NotNull Mode mode,
        @DefaultValue("2") @Min(1) @Max(64) int workers,
        @DefaultValue("1") @Min(1) @Max(256) int workerCores,
        @DefaultValue("1024") @Min(512) @Max(1048576) int workerMemoryMb,
        @DefaultValue("1") @Min(1) @Max(256) int executorCores,
        @DefaultValue("512") @Min(384) @Max(1048576) int executorMemoryMb,
        @DefaultValue("2") @Min(1) @Max(1024) int jobCores,
        @DefaultValue("0") @Min(0) @Max(65535) int masterPort,
        @DefaultValue("PT90S") @NotNull Duration startTimeout,
        @DefaultValue("256m") @NotNull String daemonMemory) {

    /** Where tasks run. */
    public enum Mode { LOCAL, STANDALONE }

    public SparkProperties {
        requireNonNull(mode, "mode is null");
        requireNonNull(startTimeout, "startTimeout is null");
        requireNonNull(daemonMemory, "daemonMemory is null");
        if (!daemonMemory.matches("[1-9][0-9]*[mg]")) {
            throw new IllegalArgumentException("sandbox.spark.daemon-memory must look like 256m or 1g");
        }
        if (executorMemoryMb > workerMemoryMb || executorCores > workerCores) {
            throw new IllegalArgumentException("an executor (sandbox.spark.executor-*) must fit in one worker "
                    + "(sandbox.spark.worker-*)");
        }
    }

    /** The defaults, as an unbound configuration would have them (tests). */
    public static SparkProperties defaults() {
        return new SparkProperties(Mode.LOCAL, 2, 1, 1024, 1, 512, 2, 0, Duration.ofSeconds(90), "256m");
    }
}

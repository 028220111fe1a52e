package org.shuyu.controller.config;

import static java.util.Objects.requireNonNull;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Admission of workspace engines ({@code sandbox.admission.*}, docs/admission.md). {@code capacity.cores} and
 * {@code capacity.memory-mb} default to the machine's (available processors; max(1024, 75% of physical memory)).
 * {@code default-quota.*} is the quota of an operator the platform admin set none for: by default half the
 * capacity's cores (at least 1), half its memory (at least 1024 MiB, at most the capacity) and 2 engines.
 * {@code max-queue} bounds the waiting requests (beyond it: ADMISSION_QUEUE_FULL). {@code claim-timeout}: a request
 * admitted while waiting whose asker does not take up the ticket within it (by asking again, awaiting or claiming) is
 * released.
 */
@Validated
@ConfigurationProperties("sandbox.admission")
public record AdmissionProperties(
        @Valid @NotNull @DefaultValue Capacity capacity,
        @Valid @NotNull @DefaultValue DefaultQuota defaultQuota,
        @DefaultValue("1000") @Min(1) @Max(1_000_000) int maxQueue,
        @DefaultValue("5m") @NotNull Duration claimTimeout) {

    public AdmissionProperties {
        requireNonNull(capacity, "capacity is null");
        requireNonNull(defaultQuota, "defaultQuota is null");
        requireNonNull(claimTimeout, "claimTimeout is null");
    }

    /** The defaults: the machine's capacity, the default quota derived from it, a queue of 1000, claims within 5 minutes. */
    public static AdmissionProperties defaults() {
        return new AdmissionProperties(new Capacity(null, null), new DefaultQuota(null, null, 2), 1000, Duration.ofMinutes(5));
    }

    /** Unset values are the machine's. */
    public record Capacity(@Min(1) Integer cores, @Min(1) Integer memoryMb) {
        public Optional<Integer> coresSetting() {
            return Optional.ofNullable(cores);
        }

        public Optional<Integer> memoryMbSetting() {
            return Optional.ofNullable(memoryMb);
        }
    }

    /** Unset cores and memory are derived from the capacity (see the class comment). */
    public record DefaultQuota(@Min(0) Integer maxCores, @Min(0) Integer maxMemoryMb, @DefaultValue("2") @Min(0) int maxEngines) {
        public Optional<Integer> maxCoresSetting() {
            return Optional.ofNullable(maxCores);
        }

        public Optional<Integer> maxMemoryMbSetting() {
            return Optional.ofNullable(maxMemoryMb);
        }
    }
}

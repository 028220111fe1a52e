package org.shuyu.controller.config;

import static java.util.Objects.requireNonNull;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The controller's settings, under {@code sandbox.*}. Defaults are the secure ones. */
@Validated
@ConfigurationProperties("sandbox")
public record SandboxProperties(
        @DefaultValue("PRODUCTION") @NotNull Mode mode,
        @DefaultValue("./shuyu-data") @NotNull Path dataDir,
        @DefaultValue("false") boolean demoCatalog,
        @Valid @NotNull @DefaultValue Identity identity,
        @Valid @NotNull @DefaultValue Audit audit,
        @Valid @NotNull @DefaultValue Lifecycle lifecycle,
        @Valid @NotNull @DefaultValue Workspaces workspaces,
        @Valid @NotNull @DefaultValue Jobs jobs) {

    public SandboxProperties {
        requireNonNull(mode, "mode is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(identity, "identity is null");
        requireNonNull(audit, "audit is null");
        requireNonNull(lifecycle, "lifecycle is null");
        requireNonNull(workspaces, "workspaces is null");
        requireNonNull(jobs, "jobs is null");
    }

    public enum Mode { EMBEDDED, PRODUCTION }

    /**
     * Token validation. In production the issuer and its JWKS come from the Keycloak realm; the built-in
     * development issuer ({@code allow-insecure-dev-issuer}) is refused outside embedded mode.
     */
    public record Identity(
            String issuer,
            String jwkSetUri,
            @DefaultValue("shuyu-controller") @NotBlank String audience,
            @DefaultValue("30s") @NotNull Duration clockSkew,
            @DefaultValue("false") boolean allowInsecureDevIssuer,
            @DefaultValue("15m") @NotNull Duration devTokenLifetime) {

        public Optional<String> issuerUri() {
            return Optional.ofNullable(issuer).filter(s -> !s.isBlank());
        }

        public Optional<String> jwkSetLocation() {
            return Optional.ofNullable(jwkSetUri).filter(s -> !s.isBlank());
        }
    }

    /**
     * Audit retention: at least 184 days, so logs outlive a terminated operator by six months (R-17a).
     * {@code anchorFile}: where the chain's head is anchored outside the database (R-24d); default
     * {@code <data-dir>/audit/anchor-<16 hex digits of the SHA-256 of the database URL>}. Production should pin it.
     */
    public record Audit(@DefaultValue("400") @Min(184) int retentionDays, String anchorFile) {
        @ConstructorBinding
        public Audit {
        }

        public Audit(int retentionDays) {
            this(retentionDays, null);
        }

        public Optional<Path> anchorPath() {
            return Optional.ofNullable(anchorFile).filter(s -> !s.isBlank()).map(Path::of);
        }
    }

    /** The scheduler that applies expiries, overdue rectification deadlines and due deletions. */
    public record Lifecycle(
            @DefaultValue("60s") @NotNull Duration schedulerInterval,
            @DefaultValue("0s") @NotNull Duration deletionGrace) {}

    /**
     * The workspace reconciler's pass interval (provisioning, closing, teardown), and which provisioner makes
     * workspaces: {@code local} directories (the default) or {@code kubernetes} namespaces (sandbox.kubernetes.*).
     */
    public record Workspaces(
            @DefaultValue("10s") @NotNull Duration reconcileInterval,
            @DefaultValue("local") @NotNull Backend provisioner) {
        @ConstructorBinding
        public Workspaces {
        }

        public Workspaces(Duration reconcileInterval) {
            this(reconcileInterval, Backend.LOCAL);
        }
    }

    /** Where workspaces and jobs live: on this machine, or on Kubernetes. Provisioner and launcher must agree. */
    public enum Backend { LOCAL, KUBERNETES }

    /**
     * The job launcher. {@code runtimeClasspath}: the enforced Spark runtime's class path (default: found from
     * {@code compute-jobs/target/runtime-classpath.txt} of a built checkout). {@code policyUrl}: how job JVMs reach
     * this controller's policy download (default: loopback and the server's port). {@code maskSecret}: the key
     * salts for hashed columns are derived from; embedded mode generates one under the data directory,
     * production must set it (from a secret store). {@code launcher}: {@code local} child JVMs (the default) or
     * {@code kubernetes} driver pods in the workspace's namespace; it must match the workspace provisioner.
     * {@code snapshotTimeout}: how long a product snapshot run may take, queue time included, before it is cancelled.
     * {@code jvmOptions}: extra HotSpot options of each local job JVM (only {@code -XX:} options: nothing that could
     * change the class path, agents or system properties of the enforced runtime), for instance
     * {@code -XX:TieredStopAtLevel=1} where jobs are short and start-up dominates (the tests set it).
     */
    public record Jobs(
            @DefaultValue("1") @Min(1) @Max(64) int maxConcurrent,
            @DefaultValue("1536m") @NotBlank String memory,
            @DefaultValue("30m") @NotNull Duration timeout,
            @DefaultValue("3m") @NotNull Duration previewTimeout,
            @DefaultValue("100") @Min(1) @Max(1000) int previewMaxRows,
            @DefaultValue("1000") @Min(100) long policyPollMillis,
            @DefaultValue("10000") @Min(1000) long policyMaxStalenessMillis,
            String runtimeClasspath,
            String policyUrl,
            String maskSecret,
            @DefaultValue("local") @NotNull Backend launcher,
            @DefaultValue("10m") @NotNull Duration snapshotTimeout,
            List<String> jvmOptions) {
        /** How long {@code TableRuns.snapshot} waits for a snapshot run by default (queue time included). */
        public static final Duration DEFAULT_SNAPSHOT_TIMEOUT = Duration.ofMinutes(10);

        @ConstructorBinding
        public Jobs {
            jvmOptions = jvmOptions == null ? List.of() : List.copyOf(jvmOptions);
            for (String option : jvmOptions) {
                if (!option.matches("-XX:[A-Za-z0-9+\\-_.=:/]+")
                        || option.matches("-XX:[+-]?(OnError|OnOutOfMemoryError|Flags|VMOptionsFile)\\b.*")) {
                    throw new IllegalArgumentException("sandbox.jobs.jvm-options: only -XX: options that run no command and read no file"
                            + " are allowed, got '" + option + "'; remove it");
                }
            }
        }

        public Jobs(int maxConcurrent, String memory, Duration timeout, Duration previewTimeout, int previewMaxRows,
                long policyPollMillis, long policyMaxStalenessMillis, String runtimeClasspath, String policyUrl, String maskSecret,
                Backend launcher, Duration snapshotTimeout) {
            this(maxConcurrent, memory, timeout, previewTimeout, previewMaxRows, policyPollMillis, policyMaxStalenessMillis,
                    runtimeClasspath, policyUrl, maskSecret, launcher, snapshotTimeout, List.of());
        }

        public Jobs(int maxConcurrent, String memory, Duration timeout, Duration previewTimeout, int previewMaxRows,
                long policyPollMillis, long policyMaxStalenessMillis, String runtimeClasspath, String policyUrl, String maskSecret,
                Backend launcher) {
            this(maxConcurrent, memory, timeout, previewTimeout, previewMaxRows, policyPollMillis, policyMaxStalenessMillis,
                    runtimeClasspath, policyUrl, maskSecret, launcher, DEFAULT_SNAPSHOT_TIMEOUT);
        }

        public Jobs(int maxConcurrent, String memory, Duration timeout, Duration previewTimeout, int previewMaxRows,
                long policyPollMillis, long policyMaxStalenessMillis, String runtimeClasspath, String policyUrl, String maskSecret) {
            this(maxConcurrent, memory, timeout, previewTimeout, previewMaxRows, policyPollMillis, policyMaxStalenessMillis,
                    runtimeClasspath, policyUrl, maskSecret, Backend.LOCAL);
        }
    }
}

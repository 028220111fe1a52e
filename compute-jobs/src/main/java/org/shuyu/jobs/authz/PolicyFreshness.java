package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import org.shuyu.jobs.JobsErrorCode;

/**
 * Whether the policies the Ranger engine enforces are current enough to be used. Fail closed: usable only when a
 * policy set was downloaded AND applied by the engine, the applied version is the last one downloaded, and the last
 * successful poll (200 or 304) is at most {@code maxStaleness} old. Thread-safe.
 */
public final class PolicyFreshness {
    private final Clock clock;
    private final Duration maxStaleness;

    /** How long a check waits for the engine to switch to a version that was just downloaded. */
    static final long APPLY_WAIT_MILLIS = 2000;

    private long lastSuccessfulPollMillis = Long.MIN_VALUE;
    private long downloadedAtMillis = Long.MIN_VALUE;
    private long downloadedVersion = Long.MIN_VALUE;
    private long appliedVersion = Long.MIN_VALUE;
    private String lastFailure = "no policy download attempted yet";

    public PolicyFreshness(Clock clock, Duration maxStaleness) {
        this.clock = requireNonNull(clock, "clock is null");
        this.maxStaleness = requireNonNull(maxStaleness, "maxStaleness is null");
        if (maxStaleness.isNegative() || maxStaleness.isZero()) {
            throw new IllegalArgumentException("maxStaleness must be positive");
        }
    }

    /** A poll answered 200 with this policy version. */
    public synchronized void downloaded(long version) {
        downloadedVersion = version;
        lastSuccessfulPollMillis = clock.millis();
        downloadedAtMillis = lastSuccessfulPollMillis;
    }

    /** A poll answered 304: the downloaded version is still current. */
    public synchronized void unchanged() {
        if (downloadedVersion != Long.MIN_VALUE) {
            lastSuccessfulPollMillis = clock.millis();
        }
    }

    /** A poll failed (connection error, or an answer other than 200/304, or an unusable body). */
    public synchronized void failed(String reason) {
        lastFailure = requireNonNull(reason, "reason is null");
    }

    /** The engine switched to this policy version. */
    public synchronized void applied(long version) {
        appliedVersion = version;
        notifyAll();
    }

    /** The policy version in force, if usable. */
    public synchronized long requireFresh() {
        awaitPendingApply();
        if (appliedVersion == Long.MIN_VALUE) {
            throw new EnforcementException(JobsErrorCode.POLICY_UNAVAILABLE,
                    "no access policies have been loaded (" + lastFailure + "): every access is denied");
        }
        if (appliedVersion != downloadedVersion) {
            throw new EnforcementException(JobsErrorCode.POLICY_UNAVAILABLE,
                    "downloaded policy version " + downloadedVersion + " could not be applied (version "
                            + appliedVersion + " is in force): every access is denied");
        }
        long age = clock.millis() - lastSuccessfulPollMillis;
        if (age > maxStaleness.toMillis()) {
            throw new EnforcementException(JobsErrorCode.POLICY_UNAVAILABLE,
                    "access policies are stale: last successful poll " + age + " ms ago (limit "
                            + maxStaleness.toMillis() + " ms; " + lastFailure + "): every access is denied");
        }
        return appliedVersion;
    }

    /**
     * Right after a download the engine is still being built: wait (briefly, in real time) for it rather than
     * answer from the previous version or refuse a statement that races with a policy update.
     */
    private void awaitPendingApply() {
        long deadline = System.nanoTime() + APPLY_WAIT_MILLIS * 1_000_000L;
        while (downloadedVersion != Long.MIN_VALUE && appliedVersion != downloadedVersion
                && clock.millis() - downloadedAtMillis < APPLY_WAIT_MILLIS) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package org.shuyu.controller.annual;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.shuyu.controller.audit.Sha256;

/**
 * What the platform knows of one operator's year, computed from its own records, never typed in: products
 * listed in the year (the audit log's listings), metered delivery calls with their rows and bytes, incidents (grant
 * suspensions the audit log recorded in the year, job runs the enforcement refused), compute used (runs and CPU
 * seconds of the operator's workspaces' jobs finished in the year) and the grants live during the year. Counts and
 * identifiers only, never data values. {@link #sha256()} is the digest of {@link #canonical()}, stored at submission
 * so the frozen figures can be checked later.
 */
public record AnnualFigures(
        long productsListed,
        long deliveryCalls,
        long deliveredRows,
        long deliveredBytes,
        long suspensions,
        long refusedJobs,
        long jobRuns,
        double cpuSeconds,
        List<String> grantIds,
        Instant computedAt) {

    public AnnualFigures {
        grantIds = List.copyOf(requireNonNull(grantIds, "grantIds is null"));
        requireNonNull(computedAt, "computedAt is null");
    }

    public long grantsActive() {
        return grantIds.size();
    }

    /** The figures as one line of {@code name=value} pairs in a fixed order: what the digest covers. */
    public String canonical() {
        return "products_listed=" + productsListed + ";delivery_calls=" + deliveryCalls + ";delivered_rows=" + deliveredRows
                + ";delivered_bytes=" + deliveredBytes + ";suspensions=" + suspensions + ";refused_jobs=" + refusedJobs
                + ";job_runs=" + jobRuns + ";cpu_seconds=" + String.format(Locale.ROOT, "%.3f", cpuSeconds)
                + ";grants_active=" + grantsActive() + ";grant_ids=" + String.join(",", grantIds)
                + ";computed_at=" + computedAt;
    }

    public String sha256() {
        return Sha256.hex(canonical());
    }
}

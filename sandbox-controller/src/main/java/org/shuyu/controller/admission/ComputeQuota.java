package org.shuyu.controller.admission;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What one operator (organization) may hold at once over all its workspaces' engines: cores, memory in MiB and
 * the number of admitted tickets (engines). Set by the platform admin ({@code updatedAt}/{@code updatedBy} present);
 * an organization without a row has the configured default quota (both empty).
 */
public record ComputeQuota(
        String organizationId,
        int maxCores,
        int maxMemoryMb,
        int maxEngines,
        Optional<Instant> updatedAt,
        Optional<String> updatedBy) {

    public ComputeQuota {
        requireNonNull(organizationId, "organizationId is null");
        if (maxCores < 0 || maxMemoryMb < 0 || maxEngines < 0) {
            throw new IllegalArgumentException("quota values must not be negative");
        }
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(updatedBy, "updatedBy is null");
    }

    /** The configured default quota for an organization with no row of its own. */
    public static ComputeQuota byDefault(String organizationId, int maxCores, int maxMemoryMb, int maxEngines) {
        return new ComputeQuota(organizationId, maxCores, maxMemoryMb, maxEngines, Optional.empty(), Optional.empty());
    }

    /** Whether this is the configured default (no quota was set for the organization). */
    public boolean isDefault() {
        return updatedAt.isEmpty();
    }

    /** Whether one request of {@code cores} and {@code memoryMb} could ever fit this quota, with nothing else held. */
    public boolean couldEverFit(int cores, int memoryMb) {
        return maxEngines >= 1 && cores <= maxCores && memoryMb <= maxMemoryMb;
    }
}

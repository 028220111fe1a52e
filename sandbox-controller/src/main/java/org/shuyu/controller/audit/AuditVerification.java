package org.shuyu.controller.audit;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The result of verifying the whole chain: how many records were read and every anomaly found, in sequence
 * order. At most {@link AuditVerifier#MAX_REPORTED} anomalies are listed; {@code anomalyCount} counts all.
 */
public record AuditVerification(long records, List<AuditAnomaly> anomalies, long anomalyCount) {
    public AuditVerification {
        anomalies = List.copyOf(requireNonNull(anomalies, "anomalies is null"));
        if (records < 0 || anomalyCount < anomalies.size()) {
            throw new IllegalArgumentException("inconsistent verification counts");
        }
    }

    public boolean intact() {
        return anomalyCount == 0;
    }
}

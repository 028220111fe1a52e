package org.shuyu.controller.consent;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A data subject's consent to the use of a person-level dataset (R-21b): given or withdrawn, with the
 * evidence the provider holds. Only the latest record per subject counts.
 */
public record Consent(String datasetId, String subjectId, boolean granted, String evidence, String recordedBy, Instant recordedAt) {
    public Consent {
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(subjectId, "subjectId is null");
        requireNonNull(evidence, "evidence is null");
        requireNonNull(recordedBy, "recordedBy is null");
        requireNonNull(recordedAt, "recordedAt is null");
    }
}

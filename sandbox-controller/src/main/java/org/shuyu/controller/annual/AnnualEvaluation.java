package org.shuyu.controller.annual;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;

/** The authority's annual evaluation of one operator's report: grade, comments and the evaluation document. */
public record AnnualEvaluation(String reportId, String organizationId, int year, Grade grade, String comments,
        String documentName, String documentSha256, LocalDate evaluatedOn, String evaluatedBy, Instant evaluatedAt) {

    /** The grade; FAIL makes a later application of the organization need a justification. */
    public enum Grade {
        EXCELLENT, GOOD, PASS, FAIL;

        public boolean failing() {
            return this == FAIL;
        }
    }

    public AnnualEvaluation {
        requireNonNull(reportId, "reportId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(grade, "grade is null");
        requireNonNull(comments, "comments is null");
        requireNonNull(documentName, "documentName is null");
        requireNonNull(documentSha256, "documentSha256 is null");
        requireNonNull(evaluatedOn, "evaluatedOn is null");
        requireNonNull(evaluatedBy, "evaluatedBy is null");
        requireNonNull(evaluatedAt, "evaluatedAt is null");
    }
}

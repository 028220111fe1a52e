package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.identity.Jurisdiction;

/** A data lab: free, at most six months, ends with a technical evaluation report. */
public record Lab(
        String id,
        String organizationId,
        Jurisdiction jurisdiction,
        LifecycleState state,
        List<String> datasetIds,
        String developmentApproach,
        String marketPlan,
        int requestedMonths,
        Optional<LocalDate> termStart,
        Optional<LocalDate> termEnd,
        Instant requestedAt,
        String requestedBy,
        Optional<String> decisionNote,
        Optional<LabReport> report) {

    public static final int MAX_MONTHS = 6;

    public Lab {
        requireNonNull(id, "id is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(jurisdiction, "jurisdiction is null");
        requireNonNull(state, "state is null");
        if (state.phase() != LifecycleState.Phase.LAB) {
            throw new IllegalArgumentException("a lab cannot be in state " + state);
        }
        datasetIds = List.copyOf(datasetIds);
        requireNonNull(developmentApproach, "developmentApproach is null");
        requireNonNull(marketPlan, "marketPlan is null");
        if (requestedMonths < 1 || requestedMonths > MAX_MONTHS) {
            throw new IllegalArgumentException("requestedMonths must be 1 to 6");
        }
        requireNonNull(termStart, "termStart is null");
        requireNonNull(termEnd, "termEnd is null");
        requireNonNull(requestedAt, "requestedAt is null");
        requireNonNull(requestedBy, "requestedBy is null");
        requireNonNull(decisionNote, "decisionNote is null");
        requireNonNull(report, "report is null");
    }

    public Lab withState(LifecycleState next) {
        return new Lab(id, organizationId, jurisdiction, next, datasetIds, developmentApproach, marketPlan, requestedMonths,
                termStart, termEnd, requestedAt, requestedBy, decisionNote, report);
    }

    /** This lab approved: in {@code next} (the table's target of APPROVE_LAB), with its term and the approval note. */
    public Lab approved(LifecycleState next, LocalDate start, LocalDate end, String note) {
        return new Lab(id, organizationId, jurisdiction, next, datasetIds, developmentApproach, marketPlan,
                requestedMonths, Optional.of(start), Optional.of(end), requestedAt, requestedBy, Optional.of(note), report);
    }

    public record LabReport(
            String id, String labId, Instant issuedAt, String issuedBy, Conclusion conclusion, String summary,
            String findings, String content, String sha256) {
        public LabReport {
            requireNonNull(id, "id is null");
            requireNonNull(labId, "labId is null");
            requireNonNull(issuedAt, "issuedAt is null");
            requireNonNull(issuedBy, "issuedBy is null");
            requireNonNull(conclusion, "conclusion is null");
            requireNonNull(summary, "summary is null");
            requireNonNull(findings, "findings is null");
            requireNonNull(content, "content is null");
            requireNonNull(sha256, "sha256 is null");
        }
    }

    /** The evaluation's verdict on the test-verification. */
    public enum Conclusion { PASSED, PASSED_WITH_CONDITIONS, FAILED }
}

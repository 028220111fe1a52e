package org.shuyu.controller.annual;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: annual reports, their evaluations and re-application justifications. Writes join the caller's transaction;
 * {@code lock} takes a row lock for the rest of it.
 */
public interface AnnualReportStore {
    /** Inserts; throws {@code SandboxException} ANNUAL_REPORT_EXISTS when the organization has a report for the year. */
    void insert(AnnualReport report);

    Optional<AnnualReport> find(String id);

    Optional<AnnualReport> lock(String id);

    Optional<AnnualReport> find(String organizationId, int year);

    /** Updates state, sections, deadline, overdue flag, frozen figures, submission and return facts. */
    void update(AnnualReport report);

    List<AnnualReport> all();

    /** Reports in {@code states} whose deadline passed before {@code now} and that are not flagged overdue yet. */
    List<AnnualReport> overdueUnflagged(List<AnnualReportState> states, Instant now);

    void insertEvaluation(AnnualEvaluation evaluation);

    Optional<AnnualEvaluation> evaluation(String reportId);

    /** The organization's evaluations, newest year first. */
    List<AnnualEvaluation> evaluationsOf(String organizationId);

    /** Inserts or replaces the justification of an application. */
    void putJustification(Justification justification);

    Optional<Justification> justification(String applicationId);

    /** Why an organization with a failing evaluation applies again. */
    record Justification(String applicationId, String text, String recordedBy, Instant recordedAt) {}
}

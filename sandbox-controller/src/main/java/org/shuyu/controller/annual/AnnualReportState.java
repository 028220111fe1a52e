package org.shuyu.controller.annual;

/**
 * Where an annual operation report is (R-27, docs/annual-reports.md): the operator drafts it (DRAFT), submits it
 * (SUBMITTED, figures frozen), the authority returns it for completion (RETURNED, the operator submits again) or
 * evaluates it (EVALUATED, final). The transitions are {@link AnnualReportLifecycle}'s table.
 */
public enum AnnualReportState {
    DRAFT,
    SUBMITTED,
    RETURNED,
    EVALUATED
}

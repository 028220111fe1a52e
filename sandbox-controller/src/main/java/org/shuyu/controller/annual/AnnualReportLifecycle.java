package org.shuyu.controller.annual;

import static org.shuyu.controller.annual.AnnualReportEvent.EDIT;
import static org.shuyu.controller.annual.AnnualReportEvent.EVALUATE;
import static org.shuyu.controller.annual.AnnualReportEvent.FLAG_OVERDUE;
import static org.shuyu.controller.annual.AnnualReportEvent.RETURN;
import static org.shuyu.controller.annual.AnnualReportEvent.SUBMIT;
import static org.shuyu.controller.annual.AnnualReportState.DRAFT;
import static org.shuyu.controller.annual.AnnualReportState.EVALUATED;
import static org.shuyu.controller.annual.AnnualReportState.RETURNED;
import static org.shuyu.controller.annual.AnnualReportState.SUBMITTED;

import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.workflow.Guard;
import org.shuyu.controller.workflow.Transition;
import org.shuyu.controller.workflow.TransitionTable;

/**
 * THE transition table of annual operation reports (R-27, docs/annual-reports.md). Submission needs every
 * hand-written section (the guard); the figures are frozen by the service when the row is taken.
 */
public final class AnnualReportLifecycle {
    static final Guard<AnnualReport> SECTIONS_COMPLETE = Guard.of("every hand-written section filled in",
            AnnualReport::sectionsComplete, ErrorCode.ANNUAL_REPORT_INCOMPLETE,
            r -> "annual report " + r.id() + " needs security measures, an incidents narrative and plans before submission;"
                    + " missing: " + r.missingSections());

    public static final TransitionTable<AnnualReportState, AnnualReportEvent, AnnualReport> TABLE = TransitionTable
            .<AnnualReportState, AnnualReportEvent, AnnualReport>builder("annual report", AnnualReportState.class,
                    AnnualReportEvent.class)
            .initial(DRAFT)
            .refusal(TransitionTable.illegalTransition(ErrorCode.ILLEGAL_ANNUAL_REPORT_TRANSITION, Enum::name))
            .on(DRAFT, EDIT).stays().audit("annual-report.edit").add()
            .on(DRAFT, FLAG_OVERDUE).stays().audit("annual-report.overdue").add()
            .on(DRAFT, SUBMIT).to(SUBMITTED).when(SECTIONS_COMPLETE).audit("annual-report.submit").add()
            .on(SUBMITTED, RETURN).to(RETURNED).audit("annual-report.return").add()
            .on(SUBMITTED, EVALUATE).to(EVALUATED).audit("annual-report.evaluate").add()
            .on(RETURNED, EDIT).stays().audit("annual-report.edit").add()
            .on(RETURNED, FLAG_OVERDUE).stays().audit("annual-report.overdue").add()
            .on(RETURNED, SUBMIT).to(SUBMITTED).when(SECTIONS_COMPLETE).audit("annual-report.submit").add()
            .build();

    private AnnualReportLifecycle() {}

    /** The row {@code event} takes from the report's state after its guards hold; the table's refusal otherwise. */
    public static Transition<AnnualReportState, AnnualReportEvent, AnnualReport> apply(AnnualReport report,
            AnnualReportEvent event) {
        return TABLE.apply(report.state(), event, report);
    }

    public static boolean accepts(AnnualReportState state, AnnualReportEvent event) {
        return TABLE.allows(state, event);
    }

    /** Where every report starts. */
    public static AnnualReportState initial() {
        return TABLE.initials().iterator().next();
    }
}

package org.shuyu.controller.inspection;

import static org.shuyu.controller.inspection.FindingEvent.*;
import static org.shuyu.controller.inspection.FindingState.*;
import static org.shuyu.controller.inspection.InspectionEvent.*;
import static org.shuyu.controller.inspection.InspectionState.*;

import java.util.List;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.workflow.Guard;
import org.shuyu.controller.workflow.TransitionTable;

/**
 * THE transition tables of supervisory inspections: one for the inspection, one for each of its findings. The
 * services take every decision from them; docs/workflows.md draws them; docs/inspections.md explains them.
 */
public final class InspectionLifecycle {
    /** What the inspection table's guards look at: the inspection with its findings. */
    public record Subject(Inspection inspection, List<Finding> findings) {}

    static final Guard<Subject> EVERY_FINDING_VERIFIED = Guard.of("every finding verified",
            s -> s.findings().stream().allMatch(f -> f.state() == VERIFIED), ErrorCode.INSPECTION_FINDINGS_OPEN,
            s -> "inspection " + s.inspection().id() + " has findings not yet verified: " + s.findings().stream()
                    .filter(f -> f.state() != VERIFIED).map(Finding::id).toList());

    static final Guard<Finding> NAMES_A_GRANT = Guard.of("names a grant", f -> f.grantId().isPresent(),
            ErrorCode.FINDING_WITHOUT_GRANT, f -> "finding " + f.id() + " names no grant to suspend");
    static final Guard<Finding> NOT_YET_REQUESTED = Guard.of("suspension not yet requested",
            f -> f.suspensionRequestedBy().isEmpty(), ErrorCode.SUSPENSION_ALREADY_REQUESTED,
            f -> "the suspension of finding " + f.id() + " was already requested");
    static final Guard<Finding> REQUESTED_NOT_DONE = Guard.of("suspension requested, not yet done",
            f -> f.suspensionRequestedBy().isPresent() && f.suspendedAt().isEmpty(), ErrorCode.SUSPENSION_NOT_REQUESTED,
            f -> f.suspendedAt().isPresent() ? "the grant of finding " + f.id() + " was already suspended from it"
                    : "no supervisor requested a suspension from finding " + f.id());

    public static final TransitionTable<InspectionState, InspectionEvent, Subject> TABLE = TransitionTable
            .<InspectionState, InspectionEvent, Subject>builder("inspection", InspectionState.class, InspectionEvent.class)
            .initial(PLANNED)
            .on(PLANNED, START).to(IN_PROGRESS).audit("inspection.start").add()
            .on(PLANNED, CANCEL).to(CANCELLED).audit("inspection.cancel").add()
            .on(IN_PROGRESS, ISSUE_FINDING).to(FINDINGS_ISSUED).audit("inspection.finding").add()
            .on(IN_PROGRESS, CLOSE).to(CLOSED).audit("inspection.close").add()
            .on(FINDINGS_ISSUED, ISSUE_FINDING).stays().audit("inspection.finding").add()
            .on(FINDINGS_ISSUED, CLOSE).to(CLOSED).when(EVERY_FINDING_VERIFIED).audit("inspection.close").add()
            .build();

    public static final TransitionTable<FindingState, FindingEvent, Finding> FINDINGS = TransitionTable
            .<FindingState, FindingEvent, Finding>builder("inspection finding", FindingState.class, FindingEvent.class)
            .initial(OPEN)
            .on(OPEN, SUBMIT_RECTIFICATION).to(RECTIFICATION_SUBMITTED).audit("finding.rectification").add()
            .on(OPEN, DEADLINE_PASSED).to(OVERDUE).audit("finding.overdue").add()
            .on(OPEN, REQUEST_SUSPENSION).stays().when(NAMES_A_GRANT).when(NOT_YET_REQUESTED)
                    .audit("finding.suspension-request").add()
            .on(OPEN, SUSPEND_GRANT).stays().when(REQUESTED_NOT_DONE).audit("finding.suspension").add()
            .on(OVERDUE, SUBMIT_RECTIFICATION).to(RECTIFICATION_SUBMITTED).audit("finding.rectification").add()
            .on(OVERDUE, REQUEST_SUSPENSION).stays().when(NAMES_A_GRANT).when(NOT_YET_REQUESTED)
                    .audit("finding.suspension-request").add()
            .on(OVERDUE, SUSPEND_GRANT).stays().when(REQUESTED_NOT_DONE).audit("finding.suspension").add()
            .on(RECTIFICATION_SUBMITTED, VERIFY).to(VERIFIED).audit("finding.verify").add()
            .on(RECTIFICATION_SUBMITTED, REJECT).to(OPEN).audit("finding.reject").add()
            .on(RECTIFICATION_SUBMITTED, REQUEST_SUSPENSION).stays().when(NAMES_A_GRANT).when(NOT_YET_REQUESTED)
                    .audit("finding.suspension-request").add()
            .on(RECTIFICATION_SUBMITTED, SUSPEND_GRANT).stays().when(REQUESTED_NOT_DONE).audit("finding.suspension").add()
            .build();

    private InspectionLifecycle() {}
}

package org.shuyu.controller.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shuyu.controller.grant.LifecycleEvent.*;
import static org.shuyu.controller.grant.LifecycleState.*;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.catalog.PriorityDomain;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Jurisdiction;

/** What the services ask the table beyond next states: guards with their codes, the sets derived from the table. */
@Tag("R-13") @Tag("R-14") @Tag("R-25")
class GrantLifecycleGuardsTest {

    private static Application draft(Map<MaterialKind, Application.Material> materials) {
        return new Application("app-1", "lab-1", "org-1", Optional.empty(), APP_DRAFT, "scenario", PriorityDomain.values()[0],
                Jurisdiction.Level.MUNICIPAL, Jurisdiction.MUNICIPAL, List.of("ds-1"), materials, List.of(), Optional.empty(),
                Optional.empty(), Instant.EPOCH, "applicant", Optional.empty(), Optional.empty());
    }

    @Test
    void submittingWithoutTheFiveMaterialsIsRefusedByTheGuardWithItsOwnCode() {
        assertThatThrownBy(() -> GrantLifecycle.apply(APP_DRAFT, SUBMIT, draft(Map.of())))
                .isInstanceOfSatisfying(SandboxException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MATERIALS_INCOMPLETE);
                    assertThat(e.getMessage()).contains("all five materials of R-13").contains("LAB_EVALUATION_REPORT");
                });
    }

    @Test
    void theTableRefusesBeforeAnyGuardRuns() {
        assertThatThrownBy(() -> GrantLifecycle.apply(APP_SUBMITTED, SUBMIT, draft(Map.of())))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION));
    }

    @Test
    void aGuardGivenTheWrongKindOfSubjectIsAProgrammingError() {
        assertThatThrownBy(() -> GrantLifecycle.apply(GRANT_AGREED, ACTIVATE, draft(Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSetsTheServicesAskForAreTheOnesTheTableImplies() {
        assertThat(GrantLifecycle.LIVE).isEqualTo(EnumSet.of(GRANT_AGREED, GRANT_ACTIVE, GRANT_SUSPENDED,
                GRANT_RECTIFICATION_REPORTED, GRANT_RECTIFICATION_OVERDUE));
        assertThat(GrantLifecycle.statesAllowing(END_LAB_TERM)).containsExactly(LAB_ACTIVE);
        assertThat(GrantLifecycle.statesAllowing(DEADLINE_PASSED)).containsExactly(GRANT_SUSPENDED);
        assertThat(EnumSet.allOf(LifecycleState.class).stream().filter(GrantLifecycle::inReview))
                .containsExactlyInAnyOrder(APP_SUBMITTED, APP_UNDER_REVIEW);
    }

    @Test
    void theRowsNameTheAuditActionsTheServicesRecord() {
        assertThat(GrantLifecycle.auditAction(GRANT_ACTIVE, TERMINATE)).isEqualTo("grant.terminate");
        assertThat(GrantLifecycle.auditAction(GRANT_AGREED, EXPIRE)).isEqualTo("grant.expire");
        assertThat(GrantLifecycle.auditAction(LAB_ACTIVE, END_LAB_TERM)).isEqualTo("lab.end-term");
        assertThat(GrantLifecycle.auditAction(APP_APPROVED, SIGN_AGREEMENT)).isEqualTo("grant.create");
        assertThatThrownBy(() -> GrantLifecycle.auditAction(GRANT_ACTIVE, MANAGE_MEMBERS)).isInstanceOf(IllegalStateException.class);
    }
}

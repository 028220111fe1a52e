package org.shuyu.controller.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.adapter.storage.LocalRetainedData;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Grants from agreement to their end, through the real API, with time moved by the test clock. */
@PlatformTest
class GrantFlowTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    LifecycleScheduler scheduler;
    @Autowired
    GrantAccess grants;
    @Autowired
    LocalRetainedData retainedData;

    Api api;
    LifecycleFixture fx;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private JsonNode grant(String id) {
        return ok(api.get("admin", "/api/v1/grants/" + id)).json();
    }

    @Test
    @Tag("R-16")
    void grantLastsAtMostThreeYears() {
        String application = fx.approvedApplication("three years " + fx.unique("s"));
        LocalDate start = fx.today();
        Api.Response tooLong = api.post("admin", "/api/v1/grants", fx.grantBody(application, start, start.plusYears(3).plusDays(1), true));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.code()).isEqualTo("TERM_TOO_LONG");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM grants WHERE application_id = ?").param(application).query(Long.class).single()).isZero();
        Api.Response exact = ok(api.post("admin", "/api/v1/grants", fx.grantBody(application, start, start.plusYears(3), true)));
        assertThat(exact.json().path("state").asString()).isEqualTo("AGREED");
        assertThat(ok(api.get("admin", "/api/v1/applications/" + application)).json().path("state").asString()).isEqualTo("GRANTED");
    }

    @Test
    @Tag("R-25")
    @Tag("R-15")
    void grantCannotBecomeActiveWithoutAnEmergencyPlanAndActivationPublishesAndFiles() {
        String application = fx.approvedApplication("plan " + fx.unique("s"));
        String id = ok(api.post("admin", "/api/v1/grants", fx.grantBody(application, fx.today(), fx.today().plusYears(2), false)))
                .json().path("id").asString();
        Api.Response noPlan = api.post("admin", "/api/v1/grants/" + id + "/activate", null);
        assertThat(noPlan.status()).isEqualTo(422);
        assertThat(noPlan.code()).isEqualTo("EMERGENCY_PLAN_MISSING");
        assertThat(grant(id).path("state").asString()).isEqualTo("AGREED");

        Api.Response drillWithoutPlan = api.post("applicant", "/api/v1/grants/" + id + "/drills",
                Map.of("heldOn", fx.today().toString(), "scenario", "leak", "outcome", "ok"));
        assertThat(drillWithoutPlan.status()).isEqualTo(409);

        ok(api.put("applicant", "/api/v1/grants/" + id + "/emergency-plan", LifecycleFixture.plan()));
        Api.Response active = ok(api.post("admin", "/api/v1/grants/" + id + "/activate", null));
        assertThat(active.json().path("state").asString()).isEqualTo("ACTIVE");
        assertThat(active.json().path("accessOpen").asBoolean()).isTrue();

        ok(api.post("applicant", "/api/v1/grants/" + id + "/drills",
                Map.of("heldOn", fx.today().toString(), "scenario", "simulated credential leak", "outcome", "contained in 20 min")));
        assertThat(grant(id).path("drills").size()).isEqualTo(1);

        JsonNode publications = ok(api.get("engineer2", "/api/v1/publications")).json();
        assertThat(publications.findValuesAsString("grantId")).contains(id);
        JsonNode filings = ok(api.get("admin", "/api/v1/filings")).json();
        JsonNode filing = null;
        for (JsonNode f : filings) {
            if (f.path("grantId").asString().equals(id)) {
                filing = f;
            }
        }
        assertThat(filing).isNotNull();
        assertThat(filing.path("filingNumber").asString()).startsWith("ZJ-NB-" + fx.today().getYear());
        assertThat(filing.path("payload").asString()).contains("scenario=").contains("emergencyPlanSha256=");
        assertThat(filing.path("sha256").asString()).hasSize(64);
    }

    @Test
    @Tag("R-25")
    void oneScenarioOneGrant() {
        String scenario = "enterprise credit " + fx.unique("s");
        String first = fx.approvedApplication(scenario);
        ok(api.post("admin", "/api/v1/grants", fx.grantBody(first, fx.today(), fx.today().plusYears(1), true)));
        String orgOfFirst = ok(api.get("admin", "/api/v1/applications/" + first)).json().path("organizationId").asString();
        // A second application of the same organization for the same scenario.
        String lab = fx.completedLab("applicant", "admin", orgOfFirst, java.util.List.of(fx.dataset("OPEN")));
        String second = ok(fx.createApplication("applicant", lab, "MUNICIPAL", "  Enterprise   CREDIT " + scenario.substring(18))).json()
                .path("id").asString();
        fx.provideMaterials("applicant", second);
        ok(api.post("applicant", "/api/v1/applications/" + second + "/submit", null));
        ok(api.post("expert", "/api/v1/applications/" + second + "/reviews", LifecycleFixture.review("FAVOURABLE")));
        ok(api.post("provider", "/api/v1/applications/" + second + "/reviews", LifecycleFixture.review("FAVOURABLE")));
        ok(api.post("coordination", "/api/v1/applications/" + second + "/deliberation", fx.deliberation("APPROVE")));
        ok(api.post("leading-group", "/api/v1/applications/" + second + "/approval",
                Map.of("decisionNumber", "LG-" + fx.unique("n"), "approvedOn", fx.today().toString())));
        Api.Response taken = api.post("admin", "/api/v1/grants", fx.grantBody(second, fx.today(), fx.today().plusYears(1), true));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("SCENARIO_TAKEN");
    }

    @Test
    @Tag("R-17b")
    void suspensionClosesAccessUntilRectificationIsReportedAndTheGrantReinstated() {
        String id = fx.activeGrant("suspend " + fx.unique("s"));
        grants.requireAccess(id, "engineer");

        Api.Response pastDeadline = api.post("admin", "/api/v1/grants/" + id + "/suspend",
                Map.of("violation", "raw export attempt", "rectificationDeadline", Instant.now().minusSeconds(60).toString()));
        assertThat(pastDeadline.code()).isEqualTo("DEADLINE_INVALID");

        Api.Response suspended = ok(api.post("admin", "/api/v1/grants/" + id + "/suspend",
                Map.of("violation", "raw export attempt", "rectificationDeadline", Instant.now().plus(Duration.ofDays(10)).toString())));
        assertThat(suspended.json().path("state").asString()).isEqualTo("SUSPENDED");
        assertThat(suspended.json().path("accessOpen").asBoolean()).isFalse();
        assertThatThrownBy(() -> grants.requireAccess(id, "engineer"))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GRANT_NOT_ACTIVE));

        assertThat(api.post("admin", "/api/v1/grants/" + id + "/reinstate", null).status()).isEqualTo(409);
        ok(api.post("applicant", "/api/v1/grants/" + id + "/rectification", Map.of("report", "export path closed, staff retrained")));
        Api.Response reinstated = ok(api.post("admin", "/api/v1/grants/" + id + "/reinstate", Map.of("note", "rectified")));
        assertThat(reinstated.json().path("state").asString()).isEqualTo("ACTIVE");
        grants.requireAccess(id, "engineer");
    }

    @Test
    @Tag("R-17b")
    @Tag("R-05")
    @Tag("R-17a")
    void overdueRectificationLeadsToTerminationByApprovedDecisionWhichClosesAccessAndDeletesData() throws Exception {
        String id = fx.activeGrant("overdue " + fx.unique("s"));
        Path workspace = retainedData.directory(id);
        Files.createDirectories(workspace.resolve("warehouse"));
        Files.writeString(workspace.resolve("warehouse/part-0000.parquet"), "operator data");
        ok(api.post("admin", "/api/v1/grants/" + id + "/suspend",
                Map.of("violation", "unreported incident", "rectificationDeadline", Instant.now().plus(Duration.ofDays(5)).toString())));

        clock.advance(Duration.ofDays(6));
        LifecycleScheduler.Pass pass = scheduler.runOnce();
        assertThat(pass.grantsOverdue()).isGreaterThanOrEqualTo(1);
        assertThat(grant(id).path("state").asString()).isEqualTo("RECTIFICATION_OVERDUE");
        Api.Response late = api.post("applicant", "/api/v1/grants/" + id + "/rectification", Map.of("report", "too late"));
        assertThat(late.status()).isEqualTo(409);

        Api.Response noDecision = api.post("admin", "/api/v1/grants/" + id + "/terminate", Map.of("reason", "overdue"));
        assertThat(noDecision.status()).isEqualTo(422);
        assertThat(noDecision.code()).isEqualTo("DECISION_REQUIRED");

        Api.Response wrongBody = api.post("county-coordination", "/api/v1/grants/" + id + "/decisions",
                Map.of("kind", "TERMINATE", "meetingDate", fx.today().toString(), "minutes", "m", "reason", "r"));
        // A county body does not see a municipal grant: the same answer as for a grant that does not exist.
        assertThat(wrongBody.status()).isEqualTo(404);
        assertThat(wrongBody.code()).isEqualTo("NOT_FOUND");
        JsonNode decision = ok(api.post("coordination", "/api/v1/grants/" + id + "/decisions",
                Map.of("kind", "TERMINATE", "meetingDate", fx.today().toString(), "minutes", "deliberated the overdue rectification",
                        "reason", "rectification deadline passed"))).json();
        assertThat(decision.path("state").asString()).isEqualTo("PENDING_APPROVAL");
        String decisionId = decision.path("id").asString();
        Api.Response unapproved = api.post("admin", "/api/v1/grants/" + id + "/terminate", Map.of("decisionId", decisionId));
        assertThat(unapproved.code()).isEqualTo("DECISION_REQUIRED");
        ok(api.post("leading-group", "/api/v1/grants/" + id + "/decisions/" + decisionId + "/approval", null));
        Api.Response wrongKind = api.post("admin", "/api/v1/grants/" + id + "/revoke", Map.of("decisionId", decisionId));
        assertThat(wrongKind.code()).isEqualTo("DECISION_REQUIRED");

        Api.Response terminated = ok(api.post("admin", "/api/v1/grants/" + id + "/terminate", Map.of("decisionId", decisionId)));
        assertThat(terminated.json().path("state").asString()).isEqualTo("TERMINATED");
        assertThat(terminated.json().path("accessOpen").asBoolean()).isFalse();
        assertThatThrownBy(() -> grants.requireAccess(id, "engineer")).isInstanceOf(SandboxException.class);
        assertThat(ok(api.get("admin", "/api/v1/grants/" + id + "/members")).json().get(0).path("removedAt").isMissingNode()).isFalse();
        assertThat(api.get("engineer", "/api/v1/grants/" + id).status()).isEqualTo(404);

        JsonNode deletion = deletionOf(id);
        assertThat(deletion.path("state").asString()).isEqualTo("SCHEDULED");
        assertThat(LocalDate.parse(deletion.path("logsKeptUntil").asString())).isAfterOrEqualTo(fx.today().plusMonths(6));
        scheduler.runOnce();
        deletion = deletionOf(id);
        assertThat(deletion.path("state").asString()).isEqualTo("DONE");
        assertThat(deletion.path("deletedFiles").asLong()).isEqualTo(1);
        assertThat(Files.exists(workspace)).isFalse();
        // The logs of the grant are still there.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE subject_id = ?").param(id).query(Long.class).single()).isGreaterThan(5);
        assertThat(api.post("admin", "/api/v1/grants/" + id + "/reinstate", null).status()).isEqualTo(409);
    }

    @Test
    @Tag("R-05")
    @Tag("R-17a")
    void countyGrantIsRevokedByTheCountyBodysDecisionAlone() {
        String id = countyActiveGrant();
        JsonNode decision = ok(api.post("county-coordination", "/api/v1/grants/" + id + "/decisions",
                Map.of("kind", "REVOKE", "meetingDate", fx.today().toString(), "minutes", "m", "reason", "false materials"))).json();
        assertThat(decision.path("state").asString()).isEqualTo("APPROVED");
        Api.Response revoked = ok(api.post("county-admin", "/api/v1/grants/" + id + "/revoke",
                Map.of("decisionId", decision.path("id").asString())));
        assertThat(revoked.json().path("state").asString()).isEqualTo("REVOKED");
        assertThat(revoked.json().path("endReason").asString()).contains("false materials");
        assertThat(deletionOf(id).path("reason").asString()).isEqualTo("REVOKE");
    }

    @Test
    @Tag("R-16")
    @Tag("R-17a")
    void grantExpiresAtTheEndOfItsTerm() {
        String application = fx.approvedApplication("expiry " + fx.unique("s"));
        String id = ok(api.post("admin", "/api/v1/grants", fx.grantBody(application, fx.today(), fx.today().plusDays(30), true)))
                .json().path("id").asString();
        ok(api.post("admin", "/api/v1/grants/" + id + "/activate", null));
        clock.advance(Duration.ofDays(29));
        scheduler.runOnce();
        assertThat(grant(id).path("state").asString()).isEqualTo("ACTIVE");
        clock.advance(Duration.ofDays(2));
        scheduler.runOnce();
        JsonNode expired = grant(id);
        assertThat(expired.path("state").asString()).isEqualTo("EXPIRED");
        assertThat(deletionOf(id).path("reason").asString()).isEqualTo("EXPIRE");
        assertThat(jdbc.sql("SELECT actor FROM audit_log WHERE subject_id = ? AND action = 'grant.expire'").param(id)
                .query(String.class).single()).isEqualTo("system:scheduler");
    }

    @Test
    @Tag("R-24a")
    void auditRecordsOfAnOrganizationNameItsAccountablePersonIncludingRefusals() {
        String id = fx.activeGrant("accountable " + fx.unique("s"));
        assertThat(api.post("engineer", "/api/v1/grants/" + id + "/suspend", Map.of()).status()).isEqualTo(403);
        assertThat(api.post("applicant", "/api/v1/grants/" + id + "/reinstate", null).status()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE subject_id = ? AND outcome = 'REFUSED' AND subject_type = 'grant' "
                + "AND accountable_person = 'applicant (Accountable applicant)'").param(id).query(Long.class).single()).isEqualTo(2);
        var accountable = jdbc.sql("SELECT DISTINCT accountable_person FROM audit_log WHERE subject_id = ?").param(id)
                .query(String.class).list();
        assertThat(accountable).containsExactly("applicant (Accountable applicant)");
    }

    @Test
    @Tag("R-06")
    void membersAreManagedByTheAccountablePersonAndRemovalClosesAccessAtOnce() {
        String id = fx.activeGrant("members " + fx.unique("s"));
        // Another operator's accountable person does not see the grant: 404, as for one that does not exist.
        assertThat(api.post("applicant2", "/api/v1/grants/" + id + "/members", Map.of("userId", "engineer2", "name", "x")).code())
                .isEqualTo("NOT_FOUND");
        assertThat(api.post("applicant", "/api/v1/grants/" + id + "/members", Map.of("userId", "engineer", "name", "x")).status())
                .isEqualTo(409);
        assertThat(ok(api.get("engineer", "/api/v1/grants/" + id)).json().path("id").asString()).isEqualTo(id);
        assertThat(api.get("engineer2", "/api/v1/grants/" + id).status()).isEqualTo(404);
        ok(api.delete("applicant", "/api/v1/grants/" + id + "/members/engineer"));
        assertThatThrownBy(() -> grants.requireAccess(id, "engineer"))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_MEMBER));
        assertThat(api.get("engineer", "/api/v1/grants/" + id).status()).isEqualTo(404);
    }

    private String countyActiveGrant() {
        String org = fx.organization("applicant2", "330212");
        String lab = ok(fx.requestLab("applicant2", org, java.util.List.of(fx.dataset("OPEN")), 2)).json().path("id").asString();
        ok(api.post("county-admin", "/api/v1/labs/" + lab + "/approve", Map.of()));
        ok(api.post("county-admin", "/api/v1/labs/" + lab + "/complete", Map.of("conclusion", "PASSED", "summary", "s", "findings", "f")));
        String app = ok(fx.createApplication("applicant2", lab, "COUNTY", "county " + fx.unique("s"))).json().path("id").asString();
        fx.provideMaterials("applicant2", app);
        ok(api.post("applicant2", "/api/v1/applications/" + app + "/submit", null));
        ok(api.post("expert", "/api/v1/applications/" + app + "/reviews", LifecycleFixture.review("FAVOURABLE")));
        ok(api.post("provider", "/api/v1/applications/" + app + "/reviews", LifecycleFixture.review("FAVOURABLE")));
        ok(api.post("county-coordination", "/api/v1/applications/" + app + "/deliberation", fx.deliberation("APPROVE")));
        ok(api.post("county-coordination", "/api/v1/applications/" + app + "/approval",
                Map.of("decisionNumber", "YZ-" + fx.unique("n"), "approvedOn", fx.today().toString())));
        String id = ok(api.post("county-admin", "/api/v1/grants", fx.grantBody(app, fx.today(), fx.today().plusYears(1), true)))
                .json().path("id").asString();
        ok(api.post("county-admin", "/api/v1/grants/" + id + "/activate", null));
        return id;
    }

    private JsonNode deletionOf(String grantId) {
        for (JsonNode d : ok(api.get("security", "/api/v1/deletions")).json()) {
            if (d.path("grantId").asString().equals(grantId)) {
                return d;
            }
        }
        throw new AssertionError("no deletion record for " + grantId);
    }
}

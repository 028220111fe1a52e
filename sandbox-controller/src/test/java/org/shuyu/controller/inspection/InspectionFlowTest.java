package org.shuyu.controller.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.notification.Todo;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Supervisory inspections through the real API: findings, rectification, suspension, deadlines, refusals, audited reads. */
@PlatformTest
@Tag("R-26")
class InspectionFlowTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    InspectionScheduler scheduler;
    @Autowired
    InspectionService inspections;
    @Autowired
    InspectionTodos todos;

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

    private String organizationOf(String grantId) {
        return ok(api.get("admin", "/api/v1/grants/" + grantId)).json().path("organizationId").asString();
    }

    private static Map<String, Object> inspectionBody(String org, List<String> grants) {
        Map<String, Object> body = new HashMap<>();
        body.put("organizationId", org);
        body.put("inspectionDate", "2026-12-01");
        body.put("scope", Map.of("systems", true, "dataUse", true, "securityCapability", true, "grantIds", grants));
        body.put("inspectors", List.of("security"));
        return body;
    }

    private String startedInspection(String org, String grant) {
        String id = ok(api.post("security", "/api/v1/inspections", inspectionBody(org, List.of(grant)))).json().path("id").asString();
        ok(api.post("security", "/api/v1/inspections/" + id + "/start", null));
        return id;
    }

    private String finding(String inspection, String grant, Instant deadline) {
        JsonNode view = ok(api.post("security", "/api/v1/inspections/" + inspection + "/findings", Map.of("grantId", grant,
                "severity", "HIGH", "description", "access review of workspace members not performed for six months",
                "rectificationDeadline", deadline.toString()))).json();
        JsonNode findings = view.path("findings");
        return findings.get(findings.size() - 1).path("id").asString();
    }

    private long audited(String action, String subject) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = ? AND subject_id = ? AND outcome = 'DONE'")
                .params(action, subject).query(Long.class).single();
    }

    private long notices(String kind, String user, String subject) {
        return jdbc.sql("SELECT COUNT(*) FROM notifications WHERE kind = ? AND recipient_user = ? AND subject_id = ?")
                .params(kind, user, subject).query(Long.class).single();
    }

    private String findingState(String inspection, String finding) {
        for (JsonNode f : ok(api.get("security", "/api/v1/inspections/" + inspection)).json().path("findings")) {
            if (f.path("id").asString().equals(finding)) {
                return f.path("state").asString();
            }
        }
        throw new AssertionError("no finding " + finding);
    }

    @Test
    void inspectionFindingRectificationRejectionVerificationAndClose() {
        String grant = fx.activeGrant("inspected " + fx.unique("s"));
        String org = organizationOf(grant);
        Api.Response created = api.post("security", "/api/v1/inspections", inspectionBody(org, List.of(grant)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(created.json().path("state").asString()).isEqualTo("PLANNED");
        assertThat(created.json().path("inspectors").toString()).contains("security");
        ok(api.post("security", "/api/v1/inspections/" + id + "/start", null));
        String finding = finding(id, grant, clock.instant().plus(Duration.ofDays(10)));
        assertThat(ok(api.get("applicant", "/api/v1/inspections/" + id)).json().path("state").asString()).isEqualTo("FINDINGS_ISSUED");
        assertThat(notices("inspection.finding", "applicant", finding)).isEqualTo(1);

        // the operator cannot close its own finding, nor the supervisor verify an open one
        assertThat(api.post("applicant", "/api/v1/findings/" + finding + "/verify", null).status()).isEqualTo(403);
        Api.Response early = api.post("security", "/api/v1/findings/" + finding + "/verify", null);
        assertThat(early.status()).isEqualTo(409);
        Api.Response closeEarly = api.post("security", "/api/v1/inspections/" + id + "/close", null);
        assertThat(closeEarly.code()).isEqualTo(ErrorCode.INSPECTION_FINDINGS_OPEN.name());

        ok(api.post("applicant", "/api/v1/findings/" + finding + "/rectification",
                Map.of("report", "quarterly access review introduced; first review held")));
        assertThat(notices("inspection.rectification-submitted", "security", finding)).isEqualTo(1);
        Api.Response badReject = api.post("security", "/api/v1/findings/" + finding + "/reject",
                Map.of("reason", "no evidence", "rectificationDeadline", clock.instant().minusSeconds(60).toString()));
        assertThat(badReject.code()).isEqualTo(ErrorCode.RECTIFICATION_INVALID.name());
        assertThat(findingState(id, finding)).isEqualTo("RECTIFICATION_SUBMITTED");
        ok(api.post("security", "/api/v1/findings/" + finding + "/reject",
                Map.of("reason", "no evidence of the first review", "rectificationDeadline",
                        clock.instant().plus(Duration.ofDays(5)).toString())));
        assertThat(findingState(id, finding)).isEqualTo("OPEN");
        assertThat(notices("inspection.rectification-rejected", "applicant", finding)).isEqualTo(1);
        ok(api.post("applicant", "/api/v1/findings/" + finding + "/rectification",
                Map.of("report", "review minutes attached to the operator's security file")));
        ok(api.post("security", "/api/v1/findings/" + finding + "/verify", Map.of("note", "accepted")));
        assertThat(findingState(id, finding)).isEqualTo("VERIFIED");
        JsonNode closed = ok(api.post("security", "/api/v1/inspections/" + id + "/close", null)).json();
        assertThat(closed.path("state").asString()).isEqualTo("CLOSED");
        assertThat(closed.path("closedAt").isNull()).isFalse();

        assertThat(audited("inspection.create", id)).isEqualTo(1);
        assertThat(audited("inspection.start", id)).isEqualTo(1);
        assertThat(audited("inspection.finding", finding)).isEqualTo(1);
        assertThat(audited("finding.rectification", finding)).isEqualTo(2);
        assertThat(audited("finding.reject", finding)).isEqualTo(1);
        assertThat(audited("finding.verify", finding)).isEqualTo(1);
        assertThat(audited("inspection.close", id)).isEqualTo(1);
        // the description and the operator's reports stay out of the audit trail and the notices
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE subject_id = ? AND (detail LIKE '%six months%' OR detail LIKE '%minutes%')")
                .param(finding).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notifications WHERE subject_id = ? AND summary LIKE '%six months%'")
                .param(finding).query(Long.class).single()).isZero();
    }

    @Test
    void aSupervisorRequestsASuspensionTheAuthoritySuspendsAndVerificationLeadsToReinstatement() {
        String grant = fx.activeGrant("suspended on finding " + fx.unique("s"));
        String org = organizationOf(grant);
        String id = startedInspection(org, grant);
        String finding = finding(id, grant, clock.instant().plus(Duration.ofDays(10)));
        String base = "/api/v1/findings/" + finding;

        // the supervisor cannot suspend by itself, and the authority cannot suspend without a supervisor's request
        assertThat(api.post("security", base + "/suspension", null).status()).isEqualTo(403);
        assertThat(api.post("admin", base + "/suspension", null).code()).isEqualTo(ErrorCode.SUSPENSION_NOT_REQUESTED.name());
        assertThat(ok(api.get("admin", "/api/v1/grants/" + grant)).json().path("state").asString()).isEqualTo("ACTIVE");

        ok(api.post("security", base + "/suspension-request", null));
        assertThat(api.post("security", base + "/suspension-request", null).code())
                .isEqualTo(ErrorCode.SUSPENSION_ALREADY_REQUESTED.name());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notifications WHERE kind = 'inspection.suspension-requested' AND recipient_role = 'AUTHORITY' AND subject_id = ?")
                .param(finding).query(Long.class).single()).isEqualTo(1);
        Actor admin = new Actor("admin", "Wang Min", Set.of(Role.AUTHORITY), Optional.of(Jurisdiction.MUNICIPAL));
        assertThat(todos.pending(admin)).extracting(Todo::action, Todo::subjectId).contains(tuple("suspend", finding));

        JsonNode suspended = ok(api.post("admin", base + "/suspension", null)).json();
        assertThat(suspended.path("grantSuspendedAt").isNull()).isFalse();
        assertThat(ok(api.get("admin", "/api/v1/grants/" + grant)).json().path("state").asString()).isEqualTo("SUSPENDED");
        assertThat(audited("grant.suspend", grant)).isEqualTo(1);
        assertThat(audited("finding.suspension", finding)).isEqualTo(1);
        assertThat(api.post("admin", base + "/suspension", null).code()).isEqualTo(ErrorCode.SUSPENSION_NOT_REQUESTED.name());

        // the finding's rectification is reported on the grant too; its verification lets the authority reinstate
        ok(api.post("applicant", base + "/rectification", Map.of("report", "export path closed and re-tested")));
        assertThat(ok(api.get("admin", "/api/v1/grants/" + grant)).json().path("state").asString()).isEqualTo("RECTIFICATION_REPORTED");
        ok(api.post("security", base + "/verify", null));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notifications WHERE kind = 'inspection.reinstatement-possible' AND subject_id = ?")
                .param(grant).query(Long.class).single()).isEqualTo(1);
        assertThat(todos.pending(admin)).extracting(Todo::action, Todo::subjectId).contains(tuple("reinstate", grant));
        ok(api.post("admin", "/api/v1/grants/" + grant + "/reinstate", Map.of("note", "finding verified")));
        assertThat(ok(api.get("admin", "/api/v1/grants/" + grant)).json().path("state").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void aMissedDeadlineIsFlaggedOverdueByTheScheduler() {
        String grant = fx.activeGrant("overdue finding " + fx.unique("s"));
        String id = startedInspection(organizationOf(grant), grant);
        String finding = finding(id, grant, clock.instant().plus(Duration.ofDays(3)));
        assertThat(scheduler.runOnce()).isZero();
        assertThat(findingState(id, finding)).isEqualTo("OPEN");
        clock.advance(Duration.ofDays(4));
        assertThat(scheduler.runOnce()).isGreaterThanOrEqualTo(1);
        assertThat(findingState(id, finding)).isEqualTo("OVERDUE");
        assertThat(audited("finding.overdue", finding)).isEqualTo(1);
        assertThat(notices("inspection.finding-overdue", "security", finding)).isEqualTo(1);
        assertThat(notices("inspection.finding-overdue", "applicant", finding)).isEqualTo(1);
        Actor applicant = new Actor("applicant", "Li Qiang", Set.of(Role.APPLICANT), Optional.of(Jurisdiction.MUNICIPAL));
        assertThat(todos.pending(applicant)).filteredOn(t -> t.subjectId().equals(finding))
                .singleElement().satisfies(t -> assertThat(t.overdue()).isTrue());
        assertThat(scheduler.runOnce()).isZero();
        // a late rectification is still accepted (and audited as late)
        ok(api.post("applicant", "/api/v1/findings/" + finding + "/rectification", Map.of("report", "done late")));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'finding.rectification' AND subject_id = ? AND detail LIKE '%after the deadline%'")
                .param(finding).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void rolesJurisdictionAndOrganizationAreEnforced() {
        String grant = fx.activeGrant("refusals " + fx.unique("s"));
        String org = organizationOf(grant);
        for (String user : List.of("expert", "engineer", "applicant", "admin", "coordination")) {
            assertThat(api.post(user, "/api/v1/inspections", inspectionBody(org, List.of(grant))).status()).as(user).isEqualTo(403);
        }
        String id = startedInspection(org, grant);
        String finding = finding(id, grant, clock.instant().plus(Duration.ofDays(10)));
        // another operator's accountable person sees nothing and cannot rectify
        assertThat(api.get("applicant2", "/api/v1/inspections/" + id).status()).isEqualTo(404);
        assertThat(api.post("applicant2", "/api/v1/findings/" + finding + "/rectification",
                Map.of("report", "x")).status()).isEqualTo(404);
        assertThat(ok(api.get("applicant2", "/api/v1/inspections")).json().toString()).doesNotContain(id);
        assertThat(ok(api.get("county-admin", "/api/v1/inspections")).json().toString()).doesNotContain(id);
        // a county supervisor does not inspect a municipal operator
        Actor countySupervisor = new Actor("security-yinzhou", "Yinzhou supervisor", Set.of(Role.SECURITY),
                Optional.of(new Jurisdiction("330212")));
        assertThatThrownBy(() -> inspections.create(countySupervisor, new InspectionService.CreateInspection(org,
                fx.today(), new InspectionService.ScopeInput(true, false, false, List.of()), List.of())))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTSIDE_JURISDICTION));
        assertThatThrownBy(() -> inspections.start(countySupervisor, id)).isInstanceOf(SandboxException.class);
        // wrong state
        assertThat(api.post("security", "/api/v1/inspections/" + id + "/start", null).status()).isEqualTo(409);
        assertThat(api.post("security", "/api/v1/inspections/" + id + "/cancel", null).status()).isEqualTo(409);
    }

    @Test
    void badInputIsRefusedWithItsCodeAndChangesNothing() {
        String grant = fx.activeGrant("bad input " + fx.unique("s"));
        String org = organizationOf(grant);
        String other = fx.activeGrant("other operator " + fx.unique("s"));
        Map<String, Object> noScope = inspectionBody(org, List.of());
        noScope.remove("scope");
        assertThat(api.post("security", "/api/v1/inspections", noScope).code()).isEqualTo(ErrorCode.INSPECTION_INVALID.name());
        Map<String, Object> emptyScope = inspectionBody(org, List.of());
        emptyScope.put("scope", Map.of("systems", false));
        assertThat(api.post("security", "/api/v1/inspections", emptyScope).code()).isEqualTo(ErrorCode.INSPECTION_SCOPE_INVALID.name());
        assertThat(api.post("security", "/api/v1/inspections", inspectionBody(org, List.of(other))).code())
                .isEqualTo(ErrorCode.INSPECTION_SCOPE_INVALID.name());
        Map<String, Object> expertInspector = inspectionBody(org, List.of());
        expertInspector.put("inspectors", List.of("security", "expert"));
        Api.Response notSupervisor = api.post("security", "/api/v1/inspections", expertInspector);
        assertThat(notSupervisor.status()).isEqualTo(400);
        assertThat(notSupervisor.code()).isEqualTo(ErrorCode.INSPECTOR_NOT_SUPERVISOR.name());
        expertInspector.put("inspectors", List.of("nobody-" + fx.unique("u")));
        assertThat(api.post("security", "/api/v1/inspections", expertInspector).code()).isEqualTo(ErrorCode.INSPECTOR_NOT_SUPERVISOR.name());
        assertThat(api.post("security", "/api/v1/inspections", "{\"organizationId\": 5, \"inspectionDate\": \"not a date\"}").status())
                .isEqualTo(400);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM inspections WHERE organization_id = ?").param(org).query(Long.class).single()).isZero();

        String id = startedInspection(org, grant);
        String base = "/api/v1/inspections/" + id + "/findings";
        Instant later = clock.instant().plus(Duration.ofDays(10));
        assertThat(api.post("security", base, Map.of("severity", "SEVERE", "description", "d", "rectificationDeadline", later.toString()))
                .code()).isEqualTo(ErrorCode.FINDING_INVALID.name());
        assertThat(api.post("security", base, Map.of("severity", "LOW", "description", "d",
                "rectificationDeadline", clock.instant().minusSeconds(1).toString())).code()).isEqualTo(ErrorCode.FINDING_INVALID.name());
        assertThat(api.post("security", base, Map.of("severity", "LOW", "description", " ", "rectificationDeadline", later.toString()))
                .code()).isEqualTo(ErrorCode.FINDING_INVALID.name());
        assertThat(api.post("security", base, Map.of("severity", "LOW", "description", "x".repeat(2001),
                "rectificationDeadline", later.toString())).code()).isEqualTo(ErrorCode.FINDING_INVALID.name());
        assertThat(api.post("security", base, Map.of("grantId", other, "severity", "LOW", "description", "d",
                "rectificationDeadline", later.toString())).code()).isEqualTo(ErrorCode.INSPECTION_SCOPE_INVALID.name());
        assertThat(ok(api.get("security", "/api/v1/inspections/" + id)).json().path("findings").size()).isZero();
        assertThat(ok(api.get("security", "/api/v1/inspections/" + id)).json().path("state").asString()).isEqualTo("IN_PROGRESS");
        // a finding without a grant cannot lead to a suspension
        JsonNode view = ok(api.post("security", base, Map.of("severity", "LOW", "description", "logging retention too short",
                "rectificationDeadline", later.toString()))).json();
        String finding = view.path("findings").get(0).path("id").asString();
        assertThat(api.post("security", "/api/v1/findings/" + finding + "/suspension-request", null).code())
                .isEqualTo(ErrorCode.FINDING_WITHOUT_GRANT.name());
        assertThat(api.post("applicant", "/api/v1/findings/" + finding + "/rectification", Map.of("report", "")).code())
                .isEqualTo(ErrorCode.RECTIFICATION_INVALID.name());
        assertThat(findingState(id, finding)).isEqualTo("OPEN");
    }

    @Test
    void supervisoryReadsAreAuditedAndCountySupervisorsAreRefusedUnscopedReads() {
        long before = jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE actor = 'security' AND action = 'supervision.read'")
                .query(Long.class).single();
        ok(api.get("security", "/api/v1/workspaces"));
        ok(api.get("security", "/api/v1/audit?limit=5"));
        api.get("security", "/api/v1/lineage?dataset=db.t");
        List<String> details = jdbc.sql("SELECT detail FROM audit_log WHERE actor = 'security' AND action = 'supervision.read' ORDER BY seq")
                .query(String.class).list();
        assertThat(details.size() - before).isGreaterThanOrEqualTo(3);
        assertThat(details).anyMatch(d -> d.equals("GET /api/v1/workspaces"))
                .anyMatch(d -> d.equals("GET /api/v1/audit; parameters [limit]"))
                .anyMatch(d -> d.equals("GET /api/v1/lineage; parameters [dataset]"));
        // the authority's and members' reads are not supervisory reads
        long adminReads = jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE actor = 'admin' AND action = 'supervision.read'")
                .query(Long.class).single();
        ok(api.get("admin", "/api/v1/workspaces"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE actor = 'admin' AND action = 'supervision.read'")
                .query(Long.class).single()).isEqualTo(adminReads);
        Actor county = new Actor("security-yinzhou", "Yinzhou supervisor", Set.of(Role.SECURITY), Optional.of(new Jurisdiction("330212")));
        Actor municipal = new Actor("security", "Officer Zhao", Set.of(Role.SECURITY), Optional.of(Jurisdiction.MUNICIPAL));
        Actor none = new Actor("security-x", "No claim", Set.of(Role.SECURITY), Optional.empty());
        assertThat(Permissions.readsPlatformWide(county)).isFalse();
        assertThat(Permissions.readsPlatformWide(none)).isFalse();
        assertThat(Permissions.readsPlatformWide(municipal)).isTrue();
        assertThat(Permissions.inspects(county, Jurisdiction.MUNICIPAL)).isFalse();
        assertThat(Permissions.inspects(county, new Jurisdiction("330212"))).isTrue();
    }

    @Test
    void aRecordingRetriedWithItsIdempotencyKeyIsOneInspection() throws Exception {
        String grant = fx.activeGrant("retried inspection " + fx.unique("s"));
        String org = organizationOf(grant);
        String key = "inspection-" + fx.unique("k");
        HttpClient http = HttpClient.newHttpClient();
        List<String> ids = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) { // the first answer was lost: the client sends the same request again
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/inspections"))
                    .header("Authorization", "Bearer " + api.token("security")).header("Content-Type", "application/json")
                    .header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(Api.toJson(inspectionBody(org, List.of(grant))))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            ids.add(new Api.Response(answer.statusCode(), "application/json", answer.body()).json().path("id").asString());
        }
        assertThat(ids.get(1)).isEqualTo(ids.get(0));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM inspections WHERE organization_id = ?").param(org).query(Long.class).single())
                .isEqualTo(1);
    }
}

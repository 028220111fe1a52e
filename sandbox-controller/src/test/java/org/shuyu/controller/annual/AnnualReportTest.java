package org.shuyu.controller.annual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.shuyu.controller.support.LifecycleFixture.ok;

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
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.job.JobStore;
import org.shuyu.controller.job.WorkspaceReconciler;
import org.shuyu.controller.notification.Todo;
import org.shuyu.controller.product.DeliveryChannel;
import org.shuyu.controller.product.Product;
import org.shuyu.controller.product.ProductKind;
import org.shuyu.controller.product.ProductState;
import org.shuyu.controller.product.ProductStore;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * the operator's annual report, pre-filled from the platform's own records and frozen at submission, returned
 * and resubmitted, evaluated with a grade; the earlier evaluations shown on a re-application, which needs a
 * justification after a FAIL; who may do what; the deadline via the test clock; bad input changing nothing.
 */
@PlatformTest
@Tag("R-27")
class AnnualReportTest {
    private static final String SHA = "b".repeat(64);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    ProductStore products;
    @Autowired
    JobStore jobs;
    @Autowired
    AuditLog audit;
    @Autowired
    AnnualReportScheduler scheduler;
    @Autowired
    AnnualReportTodos todos;
    @Autowired
    WorkspaceReconciler reconciler;

    private Api api;
    private LifecycleFixture fx;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private int year() {
        return fx.today().getYear();
    }

    private String organizationOf(String grant) {
        return jdbc.sql("SELECT organization_id FROM grants WHERE id = ?").param(grant).query(String.class).single();
    }

    private String open(String organization) {
        Api.Response opened = api.post("applicant", "/api/v1/annual-reports", Map.of("organizationId", organization, "year", year()));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        return opened.json().path("id").asString();
    }

    private static Map<String, Object> sections() {
        return Map.of("securityMeasures", "workspace isolation, masked previews, quarterly drills",
                "incidentsNarrative", "one suspension for an attempted raw export, rectified within the deadline",
                "plans", "two new products for the credit scenario");
    }

    private JsonNode report(String user, String id) {
        return ok(api.get(user, "/api/v1/annual-reports/" + id)).json();
    }

    private Map<String, Object> evaluation(String grade) {
        Map<String, Object> body = new HashMap<>();
        body.put("grade", grade);
        body.put("comments", "agreement executed; security measures adequate");
        body.put("documentName", "evaluation-" + year() + ".pdf");
        body.put("documentSha256", SHA);
        body.put("evaluatedOn", fx.today().toString());
        return body;
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private static Actor actor(String user, Role role) {
        return new Actor(user, user, Set.of(role), Optional.of(Jurisdiction.MUNICIPAL));
    }

    /** A listed product of the grant with two metered delivery calls. */
    private String listedProductWithDeliveries(String grant, String organization) {
        Instant now = clock.instant();
        String id = fx.unique("prod");
        products.insert(new Product(id, grant, organization, fx.unique("p"), 1, ProductKind.DATA_PACKAGE, "annual test", "s",
                "t", Optional.empty(), ProductState.LISTED, Optional.empty(), "engineer", now, now, Optional.empty()));
        // Listing a real product needs its Spark snapshot and lineage; the audit record the listing service writes is
        // what the figures count, so it is recorded here as that service records it.
        audit.append(AuditEvent.done(actor("admin", Role.AUTHORITY), "product.list", "product", id, Optional.of(organization),
                "listed for the annual report test"));
        delivery(id, 5, 50);
        delivery(id, 7, 70);
        return id;
    }

    private void delivery(String product, long rows, long bytes) {
        String call = fx.unique("dlv");
        Instant now = clock.instant();
        products.insertDelivery(new ProductStore.DeliveryRecord(call, product, DeliveryChannel.DOWNLOAD, "engineer", "s", now,
                Optional.empty(), 0, 0, "OPEN", Optional.empty()));
        products.finishDelivery(call, now, rows, bytes, Optional.empty());
    }

    private void finishedJob(String workspace, JobState state, double cpu) {
        Instant now = clock.instant();
        Job finished = new Job(fx.unique("job"), workspace, Job.Kind.JOB, "annual", List.of("SELECT 1"), "engineer", now,
                state, Optional.of(now), Optional.of(now), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new Job.Metrics(cpu, 1024, 1000, 0)));
        jobs.insert(finished, Sha256.hex(fx.unique("token")));
        jobs.update(finished);
    }

    @Test
    void theFiguresComeFromThePlatformsRecordsAndAreFrozenAtSubmission() {
        String grant = fx.activeGrant("annual figures " + fx.unique("s"));
        String org = organizationOf(grant);
        reconciler.runOnce();
        assertThat(count("SELECT count(*) FROM workspaces WHERE id = ? AND organization_id = ?", grant, org)).isEqualTo(1);
        String product = listedProductWithDeliveries(grant, org);
        finishedJob(grant, JobState.SUCCEEDED, 12.5);
        finishedJob(grant, JobState.REFUSED, 0.5);
        fx.suspend(grant);

        String id = open(org);
        JsonNode draft = report("applicant", id);
        assertThat(draft.path("state").asString()).isEqualTo("DRAFT");
        JsonNode live = draft.path("figures");
        assertThat(live.path("frozen").asBoolean()).isFalse();
        assertThat(live.path("productsListed").asLong()).isEqualTo(1);
        assertThat(live.path("deliveryCalls").asLong()).isEqualTo(2);
        assertThat(live.path("deliveredRows").asLong()).isEqualTo(12);
        assertThat(live.path("deliveredBytes").asLong()).isEqualTo(120);
        assertThat(live.path("suspensions").asLong()).isEqualTo(1);
        assertThat(live.path("jobRuns").asLong()).isEqualTo(2);
        assertThat(live.path("refusedJobs").asLong()).isEqualTo(1);
        assertThat(live.path("cpuSeconds").asDouble()).isEqualTo(13.0);
        assertThat(live.path("grantsActive").asLong()).isEqualTo(1);
        assertThat(live.path("grantIds").get(0).asString()).isEqualTo(grant);
        assertThat(draft.path("due").asString()).startsWith(Integer.toString(year() + 1) + "-03-31T16:00");

        Api.Response incomplete = api.post("applicant", "/api/v1/annual-reports/" + id + "/submit", null);
        assertThat(incomplete.status()).as(incomplete.toString()).isEqualTo(422);
        assertThat(incomplete.code()).isEqualTo("ANNUAL_REPORT_INCOMPLETE");
        assertThat(report("applicant", id).path("state").asString()).isEqualTo("DRAFT");

        ok(api.put("applicant", "/api/v1/annual-reports/" + id, sections()));
        JsonNode submitted = ok(api.post("applicant", "/api/v1/annual-reports/" + id + "/submit", null)).json();
        assertThat(submitted.path("state").asString()).isEqualTo("SUBMITTED");
        assertThat(submitted.path("figures").path("frozen").asBoolean()).isTrue();
        String sha = submitted.path("figures").path("sha256").asString();
        assertThat(jdbc.sql("SELECT figures_sha256 FROM annual_reports WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo(sha);

        delivery(product, 100, 1000);
        JsonNode later = report("admin", id).path("figures");
        assertThat(later.path("deliveryCalls").asLong()).as("frozen at submission").isEqualTo(2);
        assertThat(later.path("sha256").asString()).isEqualTo(sha);
        assertThat(count("SELECT count(*) FROM audit_log WHERE subject_id = ? AND action = 'annual-report.submit'", id))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM notifications WHERE subject_id = ? AND kind = 'annual-report.submitted'"
                + " AND recipient_role = 'AUTHORITY' AND recipient_jurisdiction = '330200'", id)).isEqualTo(1);
    }

    @Test
    void theAuthorityReturnsTheOperatorResubmitsAndTheAuthorityEvaluates() {
        String org = organizationOf(fx.activeGrant("annual return " + fx.unique("s")));
        String id = open(org);
        ok(api.put("applicant", "/api/v1/annual-reports/" + id, sections()));
        ok(api.post("applicant", "/api/v1/annual-reports/" + id + "/submit", null));
        assertThat(todos.pending(actor("admin", Role.AUTHORITY))).extracting(Todo::subjectId, Todo::action)
                .contains(tuple(id, "evaluate"));

        Api.Response noComments = api.post("admin", "/api/v1/annual-reports/" + id + "/return", Map.of("comments", " "));
        assertThat(noComments.status()).isEqualTo(400);
        assertThat(noComments.code()).isEqualTo("ANNUAL_RETURN_COMMENTS_MISSING");

        JsonNode returned = ok(api.post("admin", "/api/v1/annual-reports/" + id + "/return",
                Map.of("comments", "add the drill results to the security measures"))).json();
        assertThat(returned.path("state").asString()).isEqualTo("RETURNED");
        assertThat(returned.path("returnComments").asString()).contains("drill results");
        assertThat(count("SELECT count(*) FROM notifications WHERE subject_id = ? AND kind = 'annual-report.returned'"
                + " AND recipient_user = 'applicant' AND due_at IS NOT NULL", id)).isEqualTo(1);
        assertThat(todos.pending(actor("applicant", Role.APPLICANT))).extracting(Todo::subjectId, Todo::action)
                .contains(tuple(id, "submit"));

        ok(api.put("applicant", "/api/v1/annual-reports/" + id, Map.of("securityMeasures",
                "workspace isolation, masked previews, quarterly drills (all four held, results attached)")));
        assertThat(ok(api.post("applicant", "/api/v1/annual-reports/" + id + "/submit", null)).json().path("state").asString())
                .isEqualTo("SUBMITTED");

        JsonNode evaluated = ok(api.post("admin", "/api/v1/annual-reports/" + id + "/evaluation", evaluation("GOOD"))).json();
        assertThat(evaluated.path("state").asString()).isEqualTo("EVALUATED");
        assertThat(evaluated.path("evaluation").path("grade").asString()).isEqualTo("GOOD");
        assertThat(count("SELECT count(*) FROM notifications WHERE subject_id = ? AND kind = 'annual-report.evaluated'"
                + " AND recipient_user = 'applicant'", id)).isEqualTo(1);
        for (String action : List.of("annual-report.open", "annual-report.edit", "annual-report.submit", "annual-report.return",
                "annual-report.evaluate")) {
            assertThat(count("SELECT count(*) FROM audit_log WHERE subject_id = ? AND action = ?", id, action))
                    .as(action).isPositive();
        }

        Api.Response again = api.post("applicant", "/api/v1/annual-reports/" + id + "/submit", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("ILLEGAL_ANNUAL_REPORT_TRANSITION");
        Api.Response twice = api.post("admin", "/api/v1/annual-reports/" + id + "/evaluation", evaluation("PASS"));
        assertThat(twice.code()).isEqualTo("ILLEGAL_ANNUAL_REPORT_TRANSITION");
        assertThat(count("SELECT count(*) FROM annual_evaluations WHERE report_id = ?", id)).isEqualTo(1);
    }

    @Test
    void aReapplicationShowsTheEarlierEvaluationsAndNeedsAJustificationAfterAFail() {
        String scenario = "annual reapply " + fx.unique("s");
        String grant = fx.activeGrant(scenario);
        String org = organizationOf(grant);
        String id = open(org);
        ok(api.put("applicant", "/api/v1/annual-reports/" + id, sections()));
        ok(api.post("applicant", "/api/v1/annual-reports/" + id + "/submit", null));
        ok(api.post("admin", "/api/v1/annual-reports/" + id + "/evaluation", evaluation("FAIL")));

        String lab = fx.completedLab("applicant", "admin", org, List.of(fx.dataset("CONDITIONAL")));
        Api.Response created = fx.createApplication("applicant", lab, "MUNICIPAL", scenario + " next");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String app = created.json().path("id").asString();
        fx.provideMaterials("applicant", app);

        Api.Response refused = api.post("applicant", "/api/v1/applications/" + app + "/submit", null);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("REAPPLICATION_JUSTIFICATION_REQUIRED");
        assertThat(ok(api.get("applicant", "/api/v1/applications/" + app)).json().path("state").asString())
                .isEqualTo("DRAFT");

        JsonNode earlier = ok(api.get("expert", "/api/v1/applications/" + app + "/earlier-evaluations")).json();
        assertThat(earlier.path("justificationRequired").asBoolean()).isTrue();
        assertThat(earlier.path("evaluations").get(0).path("grade").asString()).isEqualTo("FAIL");
        assertThat(earlier.path("evaluations").get(0).path("year").asInt()).isEqualTo(year());

        Api.Response blank = api.put("applicant", "/api/v1/applications/" + app + "/reapplication-justification",
                Map.of("justification", ""));
        assertThat(blank.code()).isEqualTo("REAPPLICATION_JUSTIFICATION_INVALID");
        Api.Response stranger = api.put("applicant2", "/api/v1/applications/" + app + "/reapplication-justification",
                Map.of("justification", "not mine"));
        assertThat(stranger.status()).isIn(403, 404);
        ok(api.put("applicant", "/api/v1/applications/" + app + "/reapplication-justification",
                Map.of("justification", "new security officer appointed; the failed items were rectified and re-audited")));
        ok(api.post("applicant", "/api/v1/applications/" + app + "/submit", null));

        JsonNode seen = ok(api.get("provider", "/api/v1/applications/" + app + "/earlier-evaluations")).json();
        assertThat(seen.path("justification").path("text").asString()).contains("re-audited");
        Api.Response closed = api.put("applicant", "/api/v1/applications/" + app + "/reapplication-justification",
                Map.of("justification", "changed afterwards"));
        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.code()).isEqualTo("REAPPLICATION_JUSTIFICATION_CLOSED");
        assertThat(count("SELECT count(*) FROM audit_log WHERE subject_id = ? AND action = 'application.justify-reapplication'",
                app)).isEqualTo(1);
    }

    @Test
    void rolesOrganizationsAndJurisdictionsAreChecked() {
        String org = organizationOf(fx.activeGrant("annual roles " + fx.unique("s")));
        Api.Response engineer = api.post("engineer", "/api/v1/annual-reports", Map.of("organizationId", org, "year", year()));
        assertThat(engineer.status()).isEqualTo(403);
        Api.Response otherOperator = api.post("applicant2", "/api/v1/annual-reports", Map.of("organizationId", org, "year", year()));
        assertThat(otherOperator.status()).isEqualTo(403);
        assertThat(otherOperator.code()).isEqualTo("NOT_ACCOUNTABLE_PERSON");

        String id = open(org);
        assertThat(api.get("applicant2", "/api/v1/annual-reports/" + id).status()).isEqualTo(404);
        assertThat(api.get("county-admin", "/api/v1/annual-reports/" + id).status()).isEqualTo(404);
        assertThat(api.get("security", "/api/v1/annual-reports/" + id).status()).isEqualTo(200);
        assertThat(api.get("expert", "/api/v1/annual-reports/" + id).status()).isEqualTo(403);
        assertThat(api.put("admin", "/api/v1/annual-reports/" + id, sections()).status()).isEqualTo(403);
        assertThat(api.put("applicant2", "/api/v1/annual-reports/" + id, sections()).status()).isEqualTo(404);

        ok(api.put("applicant", "/api/v1/annual-reports/" + id, sections()));
        ok(api.post("applicant", "/api/v1/annual-reports/" + id + "/submit", null));
        assertThat(api.post("applicant", "/api/v1/annual-reports/" + id + "/evaluation", evaluation("EXCELLENT")).status())
                .isEqualTo(403);
        assertThat(api.post("expert", "/api/v1/annual-reports/" + id + "/evaluation", evaluation("EXCELLENT")).status())
                .isEqualTo(403);
        assertThat(api.post("county-admin", "/api/v1/annual-reports/" + id + "/evaluation", evaluation("EXCELLENT")).status())
                .isEqualTo(404);
        assertThat(api.post("county-admin", "/api/v1/annual-reports/" + id + "/return", Map.of("comments", "x")).status())
                .isEqualTo(404);
        assertThat(report("admin", id).path("state").asString()).isEqualTo("SUBMITTED");
        assertThat(count("SELECT count(*) FROM annual_evaluations WHERE report_id = ?", id)).isZero();
        List<String> listed = new ArrayList<>();
        ok(api.get("applicant2", "/api/v1/annual-reports")).json().forEach(r -> listed.add(r.path("id").asString()));
        assertThat(listed).doesNotContain(id);
    }

    @Test
    void badInputIsRefusedWithItsCodeAndChangesNothing() {
        String org = organizationOf(fx.activeGrant("annual input " + fx.unique("s")));
        for (Object year : new Object[] {1999, year() + 1}) {
            Api.Response r = api.post("applicant", "/api/v1/annual-reports", Map.of("organizationId", org, "year", year));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.code()).isEqualTo("ANNUAL_REPORT_YEAR_INVALID");
        }
        Api.Response noYear = api.post("applicant", "/api/v1/annual-reports", Map.of("organizationId", org));
        assertThat(noYear.code()).isEqualTo("ANNUAL_REPORT_YEAR_INVALID");
        String idle = fx.organization("applicant", "330200");
        Api.Response notOperator = api.post("applicant", "/api/v1/annual-reports", Map.of("organizationId", idle, "year", year()));
        assertThat(notOperator.status()).isEqualTo(409);
        assertThat(notOperator.code()).isEqualTo("ANNUAL_REPORT_NOT_AN_OPERATOR");
        assertThat(count("SELECT count(*) FROM annual_reports WHERE organization_id IN (?, ?)", org, idle)).isZero();

        String id = open(org);
        Api.Response duplicate = api.post("applicant", "/api/v1/annual-reports", Map.of("organizationId", org, "year", year()));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.code()).isEqualTo("ANNUAL_REPORT_EXISTS");
        Api.Response tooLong = api.put("applicant", "/api/v1/annual-reports/" + id, Map.of("plans", "x".repeat(10_001)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.code()).isEqualTo("ANNUAL_REPORT_SECTION_INVALID");
        assertThat(report("applicant", id).path("plans").asString()).isEmpty();

        ok(api.put("applicant", "/api/v1/annual-reports/" + id, sections()));
        ok(api.post("applicant", "/api/v1/annual-reports/" + id + "/submit", null));
        Map<String, Object> badGrade = evaluation("SUPERB");
        Map<String, Object> badSha = evaluation("PASS");
        badSha.put("documentSha256", "not-a-digest");
        Map<String, Object> future = evaluation("PASS");
        future.put("evaluatedOn", fx.today().plusDays(2).toString());
        Map<String, Object> badDate = evaluation("PASS");
        badDate.put("evaluatedOn", "yesterday");
        Map<String, Object> noComments = evaluation("PASS");
        noComments.remove("comments");
        for (Map<String, Object> body : List.of(badGrade, badSha, future, badDate, noComments)) {
            Api.Response r = api.post("admin", "/api/v1/annual-reports/" + id + "/evaluation", body);
            assertThat(r.status()).as(body.toString()).isEqualTo(400);
            assertThat(r.code()).isEqualTo("ANNUAL_EVALUATION_INVALID");
        }
        assertThat(report("admin", id).path("state").asString()).isEqualTo("SUBMITTED");
        assertThat(count("SELECT count(*) FROM annual_evaluations WHERE report_id = ?", id)).isZero();
        Api.Response unknown = api.get("admin", "/api/v1/annual-reports/ar-does-not-exist");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void aReportNotSubmittedByItsDeadlineIsFlaggedOverdueOnceAndNoticed() {
        String org = organizationOf(fx.activeGrant("annual overdue " + fx.unique("s")));
        String id = open(org);
        Instant due = Instant.parse(report("applicant", id).path("due").asString());

        assertThat(scheduler.runOnce().failures()).isZero();
        assertThat(report("applicant", id).path("overdue").asBoolean()).as("not yet due").isFalse();

        clock.advance(Duration.between(Instant.now(), due).plusHours(1));
        scheduler.runOnce();
        JsonNode flagged = report("applicant", id);
        assertThat(flagged.path("overdue").asBoolean()).isTrue();
        assertThat(todos.pending(actor("applicant", Role.APPLICANT))).filteredOn(t -> t.subjectId().equals(id))
                .singleElement().satisfies(t -> assertThat(t.overdue()).isTrue());
        scheduler.runOnce();
        assertThat(count("SELECT count(*) FROM notifications WHERE subject_id = ? AND kind = 'annual-report.overdue'"
                + " AND recipient_user = 'applicant'", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM notifications WHERE subject_id = ? AND kind = 'annual-report.overdue'"
                + " AND recipient_role = 'AUTHORITY'", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE subject_id = ? AND action = 'annual-report.overdue'", id))
                .isEqualTo(1);

        ok(api.put("applicant", "/api/v1/annual-reports/" + id, sections()));
        assertThat(ok(api.post("applicant", "/api/v1/annual-reports/" + id + "/submit", null)).json().path("state").asString())
                .as("a late report is still accepted, flagged").isEqualTo("SUBMITTED");
    }
}

package org.shuyu.controller.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Labs, formal applications, reviews, deliberation and approval through the real API. */
@PlatformTest
class LabAndApplicationFlowTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    LifecycleScheduler scheduler;

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

    private long count(String table, String column, String value) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?").param(value).query(Long.class).single();
    }

    private long refusals(String code) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE outcome = 'REFUSED' AND code = ?").param(code).query(Long.class).single();
    }

    @Test
    @Tag("R-04")
    void refusesProhibitedDatasetInLabRequestAndWritesNothing() {
        String org = fx.organization("applicant", "330200");
        String open = fx.dataset("OPEN");
        String prohibited = fx.dataset("PROHIBITED");
        long before = refusals("PROHIBITED_DATASET");

        Api.Response response = fx.requestLab("applicant", org, List.of(open, prohibited), 3);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo("PROHIBITED_DATASET");
        assertThat(response.json().path("detail").asString()).contains(prohibited);
        assertThat(count("labs", "organization_id", org)).isZero();
        assertThat(refusals("PROHIBITED_DATASET")).isEqualTo(before + 1);
    }

    @Test
    @Tag("R-04")
    void refusesProhibitedDatasetInApplication() {
        String org = fx.organization("applicant", "330200");
        String lab = fx.completedLab("applicant", "admin", org, List.of(fx.dataset("OPEN")));
        String prohibited = fx.dataset("PROHIBITED");
        Api.Response response = api.post("applicant", "/api/v1/applications", Map.of("labId", lab, "scenario", "s",
                "priorityDomain", "LIVELIHOOD", "level", "MUNICIPAL", "datasetIds", List.of(prohibited)));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.code()).isEqualTo("PROHIBITED_DATASET");
        assertThat(count("applications", "lab_id", lab)).isZero();
    }

    @Test
    @Tag("R-04")
    void refusesUnknownDatasetNamingIt() {
        String org = fx.organization("applicant", "330200");
        Api.Response response = fx.requestLab("applicant", org, List.of("nowhere.nothing"), 3);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.code()).isEqualTo("UNKNOWN_DATASET");
        assertThat(response.json().path("detail").asString()).contains("nowhere.nothing");
    }

    @Test
    @Tag("R-12")
    void labLastsAtMostSixMonthsAndCompletingIssuesTheEvaluationReport() {
        String org = fx.organization("applicant", "330200");
        String dataset = fx.dataset("CONDITIONAL");
        Api.Response tooLong = fx.requestLab("applicant", org, List.of(dataset), 7);
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.code()).isEqualTo("TERM_TOO_LONG");

        Api.Response lab = ok(fx.requestLab("applicant", org, List.of(dataset), 6));
        assertThat(lab.json().path("state").asString()).isEqualTo("REQUESTED");
        String id = lab.json().path("id").asString();
        assertThat(api.post("applicant", "/api/v1/labs/" + id + "/approve", Map.of()).status()).isEqualTo(403);

        Api.Response approved = ok(api.post("admin", "/api/v1/labs/" + id + "/approve", Map.of("note", "ok")));
        LocalDate start = LocalDate.parse(approved.json().path("termStart").asString());
        LocalDate end = LocalDate.parse(approved.json().path("termEnd").asString());
        assertThat(end).isEqualTo(start.plusMonths(6));
        assertThat(approved.json().path("state").asString()).isEqualTo("ACTIVE");

        Api.Response completed = ok(api.post("admin", "/api/v1/labs/" + id + "/complete", Map.of("conclusion", "PASSED_WITH_CONDITIONS",
                "summary", "verified on samples", "findings", "needs masking of phone numbers")));
        assertThat(completed.json().path("state").asString()).isEqualTo("COMPLETED");
        Api.Response report = ok(api.get("applicant", "/api/v1/labs/" + id + "/report"));
        assertThat(report.json().path("conclusion").asString()).isEqualTo("PASSED_WITH_CONDITIONS");
        assertThat(report.json().path("content").asString()).contains(dataset).contains("needs masking of phone numbers");
        assertThat(report.json().path("sha256").asString()).hasSize(64);
        // Completing twice is an illegal transition.
        Api.Response again = api.post("admin", "/api/v1/labs/" + id + "/complete", Map.of("conclusion", "PASSED", "summary", "x", "findings", "y"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("ILLEGAL_TRANSITION");
    }

    @Test
    @Tag("R-12")
    void schedulerEndsALabWhoseTermIsOverAndTheReportCanStillBeIssued() {
        String org = fx.organization("applicant", "330200");
        String id = ok(fx.requestLab("applicant", org, List.of(fx.dataset("OPEN")), 1)).json().path("id").asString();
        ok(api.post("admin", "/api/v1/labs/" + id + "/approve", Map.of()));
        clock.advance(java.time.Duration.ofDays(32));
        scheduler.runOnce();
        assertThat(ok(api.get("admin", "/api/v1/labs/" + id)).json().path("state").asString()).isEqualTo("ENDED");
        ok(api.post("admin", "/api/v1/labs/" + id + "/complete", Map.of("conclusion", "FAILED", "summary", "s", "findings", "f")));
    }

    @Test
    @Tag("R-13")
    void applicationNeedsACompletedLabAndAllFiveMaterials() {
        String org = fx.organization("applicant", "330200");
        String dataset = fx.dataset("OPEN");
        String pendingLab = ok(fx.requestLab("applicant", org, List.of(dataset), 2)).json().path("id").asString();
        Api.Response early = fx.createApplication("applicant", pendingLab, "MUNICIPAL", "early");
        assertThat(early.status()).isEqualTo(422);
        assertThat(early.code()).isEqualTo("LAB_REPORT_MISSING");

        String lab = fx.completedLab("applicant", "admin", org, List.of(dataset));
        Api.Response created = ok(fx.createApplication("applicant", lab, "MUNICIPAL", "tax compliance scoring"));
        String id = created.json().path("id").asString();
        assertThat(created.json().path("materials").has("LAB_EVALUATION_REPORT")).isTrue();

        Api.Response incomplete = api.post("applicant", "/api/v1/applications/" + id + "/submit", null);
        assertThat(incomplete.status()).isEqualTo(422);
        assertThat(incomplete.code()).isEqualTo("MATERIALS_INCOMPLETE");
        assertThat(incomplete.json().path("detail").asString())
                .contains("APPLICATION_FORM", "AUDIT_AND_FINANCIAL_REPORTS", "DATA_SECURITY_COMMITMENT", "SECURITY_RISK_SELF_ASSESSMENT");

        Api.Response upload = api.put("applicant", "/api/v1/applications/" + id + "/materials/lab-evaluation-report",
                Map.of("documentName", "fake.pdf", "sha256", LifecycleFixture.SHA));
        assertThat(upload.code()).isEqualTo("MATERIAL_ISSUED_BY_PLATFORM");
        Api.Response badHash = api.put("applicant", "/api/v1/applications/" + id + "/materials/application-form",
                Map.of("documentName", "form.pdf", "sha256", "xyz"));
        assertThat(badHash.status()).isEqualTo(400);
        Api.Response oldAccounts = api.put("applicant", "/api/v1/applications/" + id + "/materials/audit-and-financial-reports",
                Map.of("documentName", "old.pdf", "sha256", LifecycleFixture.SHA,
                        "periodEnd", LocalDate.of(fx.today().getYear() - 2, 12, 31).toString()));
        assertThat(oldAccounts.code()).isEqualTo("FINANCIAL_PERIOD_INVALID");

        fx.provideMaterials("applicant", id);
        Api.Response submitted = ok(api.post("applicant", "/api/v1/applications/" + id + "/submit", null));
        assertThat(submitted.json().path("state").asString()).isEqualTo("SUBMITTED");
        assertThat(submitted.json().path("missingMaterials").size()).isZero();
        Api.Response late = api.put("applicant", "/api/v1/applications/" + id + "/materials/application-form",
                Map.of("documentName", "form2.pdf", "sha256", LifecycleFixture.SHA));
        assertThat(late.status()).isEqualTo(409);
    }

    @Test
    @Tag("R-13")
    void youngCompanyFilesFinancialReportsUpToLastMonth() {
        String org = fx.organization("applicant", "330200", fx.today().minusMonths(5));
        String lab = fx.completedLab("applicant", "admin", org, List.of(fx.dataset("OPEN")));
        String id = ok(fx.createApplication("applicant", lab, "MUNICIPAL", "young")).json().path("id").asString();
        Api.Response lastYear = api.put("applicant", "/api/v1/applications/" + id + "/materials/audit-and-financial-reports",
                Map.of("documentName", "a.pdf", "sha256", LifecycleFixture.SHA,
                        "periodEnd", LocalDate.of(fx.today().getYear() - 1, 12, 31).toString()));
        if (fx.today().getMonthValue() > 1) {
            assertThat(lastYear.code()).isEqualTo("FINANCIAL_PERIOD_INVALID");
        }
        ok(api.put("applicant", "/api/v1/applications/" + id + "/materials/audit-and-financial-reports",
                Map.of("documentName", "a.pdf", "sha256", LifecycleFixture.SHA,
                        "periodEnd", java.time.YearMonth.from(fx.today()).minusMonths(1).atEndOfMonth().toString())));
    }

    @Test
    @Tag("R-14")
    void reviewsMustCoverTheFourPointsAndDeliberationNeedsExpertAndSectorReviews() {
        String org = fx.organization("applicant", "330200");
        String lab = fx.completedLab("applicant", "admin", org, List.of(fx.dataset("OPEN")));
        String id = ok(fx.createApplication("applicant", lab, "MUNICIPAL", "reviewed")).json().path("id").asString();
        fx.provideMaterials("applicant", id);
        ok(api.post("applicant", "/api/v1/applications/" + id + "/submit", null));

        Api.Response partial = api.post("expert", "/api/v1/applications/" + id + "/reviews", Map.of("opinions", List.of(
                Map.of("point", "APPLICANT", "verdict", "FAVOURABLE", "comment", "ok"))));
        assertThat(partial.status()).isEqualTo(422);
        assertThat(partial.code()).isEqualTo("REVIEW_INCOMPLETE");
        assertThat(partial.json().path("detail").asString()).contains("EMERGENCY_PLAN");

        ok(api.post("expert", "/api/v1/applications/" + id + "/reviews", LifecycleFixture.review("FAVOURABLE")));
        Api.Response twice = api.post("expert", "/api/v1/applications/" + id + "/reviews", LifecycleFixture.review("FAVOURABLE"));
        assertThat(twice.status()).isEqualTo(409);
        Api.Response applicantReview = api.post("applicant", "/api/v1/applications/" + id + "/reviews", LifecycleFixture.review("FAVOURABLE"));
        assertThat(applicantReview.status()).isEqualTo(403);

        Api.Response tooEarly = api.post("coordination", "/api/v1/applications/" + id + "/deliberation", fx.deliberation("APPROVE"));
        assertThat(tooEarly.code()).isEqualTo("REVIEW_INCOMPLETE");

        Api.Response sector = ok(api.post("provider", "/api/v1/applications/" + id + "/reviews", LifecycleFixture.review("FAVOURABLE_WITH_CONDITIONS")));
        assertThat(sector.json().path("reviews").size()).isEqualTo(2);
        assertThat(sector.json().path("state").asString()).isEqualTo("UNDER_REVIEW");
    }

    @Test
    @Tag("R-05")
    @Tag("R-15")
    void municipalApplicationIsDeliberatedByTheMunicipalBodyAndApprovedByTheLeadingGroup() {
        String application = fx.approvedApplicationUpToReviews();
        Api.Response county = api.post("county-coordination", "/api/v1/applications/" + application + "/deliberation", fx.deliberation("APPROVE"));
        // A county body does not see a municipal application: 404, as for one that does not exist.
        assertThat(county.status()).isEqualTo(404);
        assertThat(county.code()).isEqualTo("NOT_FOUND");

        Api.Response noMinutes = api.post("leading-group", "/api/v1/applications/" + application + "/approval",
                Map.of("decisionNumber", "LG-1", "approvedOn", fx.today().toString()));
        assertThat(noMinutes.code()).isEqualTo("DELIBERATION_MISSING");

        Api.Response deliberated = ok(api.post("coordination", "/api/v1/applications/" + application + "/deliberation", fx.deliberation("APPROVE")));
        assertThat(deliberated.json().path("state").asString()).isEqualTo("DELIBERATED");
        assertThat(deliberated.json().path("deliberation").path("minutes").asString()).isEqualTo("deliberated the application");

        Api.Response byCoordination = api.post("coordination", "/api/v1/applications/" + application + "/approval",
                Map.of("decisionNumber", "C-1", "approvedOn", fx.today().toString()));
        assertThat(byCoordination.code()).isEqualTo("WRONG_DECISION_LEVEL");
        Api.Response approved = ok(api.post("leading-group", "/api/v1/applications/" + application + "/approval",
                Map.of("decisionNumber", "LG-2", "approvedOn", fx.today().toString(), "note", "approved")));
        assertThat(approved.json().path("state").asString()).isEqualTo("APPROVED");
        assertThat(approved.json().path("approval").path("decisionNumber").asString()).isEqualTo("LG-2");
    }

    @Test
    @Tag("R-05")
    @Tag("R-06")
    void countyApplicationIsDecidedInTheCountyAndCountyUsersStayInTheirJurisdiction() {
        String org = fx.organization("applicant2", "330212");
        String dataset = fx.dataset("OPEN");
        Api.Response lab = ok(fx.requestLab("applicant2", org, List.of(dataset), 2));
        String labId = lab.json().path("id").asString();

        String municipalOrg = fx.organization("applicant", "330200");
        String otherLab = ok(fx.requestLab("applicant", municipalOrg, List.of(dataset), 2)).json().path("id").asString();
        Api.Response outside = api.post("county-admin", "/api/v1/labs/" + otherLab + "/approve", Map.of());
        // The same answer as for a lab that does not exist: no refusal tells a county user that it does.
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.code()).isEqualTo("NOT_FOUND");
        assertThat(api.get("county-admin", "/api/v1/labs/" + otherLab).status()).isEqualTo(404);

        ok(api.post("county-admin", "/api/v1/labs/" + labId + "/approve", Map.of()));
        ok(api.post("county-admin", "/api/v1/labs/" + labId + "/complete", Map.of("conclusion", "PASSED", "summary", "s", "findings", "f")));
        String id = ok(fx.createApplication("applicant2", labId, "COUNTY", "county scenario")).json().path("id").asString();
        fx.provideMaterials("applicant2", id);
        ok(api.post("applicant2", "/api/v1/applications/" + id + "/submit", null));
        ok(api.post("expert", "/api/v1/applications/" + id + "/reviews", LifecycleFixture.review("FAVOURABLE")));
        ok(api.post("provider", "/api/v1/applications/" + id + "/reviews", LifecycleFixture.review("FAVOURABLE")));
        Api.Response municipalBody = api.post("coordination", "/api/v1/applications/" + id + "/deliberation", fx.deliberation("APPROVE"));
        assertThat(municipalBody.code()).isEqualTo("WRONG_DECISION_LEVEL");
        ok(api.post("county-coordination", "/api/v1/applications/" + id + "/deliberation", fx.deliberation("APPROVE")));
        Api.Response leadingGroup = api.post("leading-group", "/api/v1/applications/" + id + "/approval",
                Map.of("decisionNumber", "LG-3", "approvedOn", fx.today().toString()));
        assertThat(leadingGroup.code()).isEqualTo("WRONG_DECISION_LEVEL");
        Api.Response approved = ok(api.post("county-coordination", "/api/v1/applications/" + id + "/approval",
                Map.of("decisionNumber", "YZ-1", "approvedOn", fx.today().toString())));
        assertThat(approved.json().path("state").asString()).isEqualTo("APPROVED");
        assertThat(approved.json().path("jurisdiction").asString()).isEqualTo("330212");
        Api.Response grantByMunicipalAdmin = ok(api.post("admin", "/api/v1/grants",
                fx.grantBody(id, fx.today(), fx.today().plusYears(1), true)));
        assertThat(grantByMunicipalAdmin.json().path("level").asString()).isEqualTo("COUNTY");
    }

    @Test
    @Tag("R-11")
    void applicationAnsweringACallMustMatchAnOpenCallOfItsDomainAndJurisdiction() {
        String org = fx.organization("applicant", "330200");
        String lab = fx.completedLab("applicant", "admin", org, List.of(fx.dataset("OPEN")));
        String call = ok(api.post("admin", "/api/v1/announcements", Map.of("title", "Call " + fx.unique("c"),
                "body", "invitation", "conditions", "registered in Ningbo", "priorityDomains", List.of("LIVELIHOOD"),
                "jurisdiction", "330200", "opensOn", fx.today().minusDays(1).toString(),
                "closesOn", fx.today().plusDays(30).toString()))).json().path("id").asString();
        Map<String, Object> body = new java.util.HashMap<>(Map.of("labId", lab, "scenario", "answering a call",
                "priorityDomain", "INDUSTRY_VALUE", "level", "MUNICIPAL", "announcementId", "ann-none"));
        assertThat(api.post("applicant", "/api/v1/applications", body).code()).isEqualTo("UNKNOWN_ANNOUNCEMENT");
        body.put("announcementId", call);
        Api.Response wrongDomain = api.post("applicant", "/api/v1/applications", body);
        assertThat(wrongDomain.code()).isEqualTo("ANNOUNCEMENT_MISMATCH");
        assertThat(wrongDomain.json().path("detail").asString()).contains("LIVELIHOOD");
        body.put("priorityDomain", "LIVELIHOOD");
        Api.Response answered = ok(api.post("applicant", "/api/v1/applications", body));
        assertThat(answered.json().path("announcementId").asString()).isEqualTo(call);
        clock.advance(java.time.Duration.ofDays(40));
        assertThat(api.post("applicant", "/api/v1/applications", body).code()).isEqualTo("ANNOUNCEMENT_MISMATCH");
    }

    @Test
    @Tag("R-15")
    void deliberationCanRejectAndRejectedApplicationsAcceptNothingMore() {
        String application = fx.approvedApplicationUpToReviews();
        Api.Response rejected = ok(api.post("coordination", "/api/v1/applications/" + application + "/deliberation", fx.deliberation("REJECT")));
        assertThat(rejected.json().path("state").asString()).isEqualTo("REJECTED");
        Api.Response approve = api.post("leading-group", "/api/v1/applications/" + application + "/approval",
                Map.of("decisionNumber", "LG-4", "approvedOn", fx.today().toString()));
        assertThat(approve.status()).isEqualTo(409);
    }
}

package org.shuyu.controller.personnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.GrantAccess;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * a person of an operator may act in a workspace only with all four vetting items recorded; the accountable
 * person records them, the authority and security supervisors read them, every change is audited, and the
 * workspace gate names what is missing.
 */
@PlatformTest
@Tag("R-18")
class PersonnelVettingTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    GrantAccess grants;

    Api api;
    LifecycleFixture fx;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    private String organizationOf(String grantId) {
        return ok(api.get("admin", "/api/v1/grants/" + grantId)).json().path("organizationId").asString();
    }

    private Api.Response access(String user, String grantId) {
        return api.get(user, "/api/v1/grants/" + grantId + "/access");
    }

    private Api.Response putVetting(String user, String org, String person, Map<String, Object> items) {
        return api.put(user, "/api/v1/organizations/" + org + "/personnel/" + person, Map.of("name", "Sun Yu", "items", items));
    }

    @Test
    void anUnvettedMemberIsRefusedEveryWorkspaceActionUntilAllFourItemsAreRecorded() {
        String grant = fx.activeGrant("vetting gate " + fx.unique("s"));
        String org = organizationOf(grant);
        assertThat(ok(access("engineer", grant)).json().path("access").asBoolean()).isTrue();

        // Adding a member who is not vetted is allowed, and the audit record says so.
        ok(api.post("applicant", "/api/v1/grants/" + grant + "/members", Map.of("userId", "engineer2", "name", "Sun Yu")));
        assertThat(jdbc.sql("SELECT detail FROM audit_log WHERE subject_id = ? AND action = 'grant.member-add' ORDER BY seq DESC")
                .param(grant).query(String.class).list().get(0)).contains("engineer2").contains("not yet vetted");

        Api.Response none = access("engineer2", grant);
        assertThat(none.status()).as(none.toString()).isEqualTo(403);
        assertThat(none.code()).isEqualTo("VETTING_INCOMPLETE");
        assertThat(none.json().path("detail").asString()).contains("pre-job training", "real-name authentication",
                "filing and vetting", "signed confidentiality agreement", "R-18");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE actor = 'engineer2' AND subject_id = ? AND outcome = 'REFUSED'"
                + " AND code = 'VETTING_INCOMPLETE'").param(grant).query(Long.class).single()).isEqualTo(1);

        ok(putVetting("applicant", org, "engineer2", LifecycleFixture.vettingItems(fx.today().minusDays(3),
                "PRE_JOB_TRAINING", "REAL_NAME_AUTHENTICATION", "FILING_AND_VETTING")));
        Api.Response oneMissing = access("engineer2", grant);
        assertThat(oneMissing.code()).isEqualTo("VETTING_INCOMPLETE");
        assertThat(oneMissing.json().path("detail").asString()).contains("signed confidentiality agreement")
                .doesNotContain("pre-job training").doesNotContain("real-name");
        assertThatThrownBy(() -> grants.requireAccess(grant, "engineer2"))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VETTING_INCOMPLETE));

        ok(putVetting("applicant", org, "engineer2", LifecycleFixture.vettingItems(fx.today().minusDays(3))));
        Api.Response vetted = ok(access("engineer2", grant));
        assertThat(vetted.json().path("userId").asString()).isEqualTo("engineer2");
        grants.requireAccess(grant, "engineer2");

        // Withdrawing an item closes access at once.
        ok(putVetting("applicant", org, "engineer2", LifecycleFixture.vettingItems(fx.today().minusDays(3),
                "PRE_JOB_TRAINING", "REAL_NAME_AUTHENTICATION", "CONFIDENTIALITY_AGREEMENT")));
        Api.Response withdrawn = access("engineer2", grant);
        assertThat(withdrawn.code()).isEqualTo("VETTING_INCOMPLETE");
        assertThat(withdrawn.json().path("detail").asString()).contains("filing and vetting");
    }

    @Test
    void vettingCountsOnlyForTheGrantsOwnOperator() {
        String grant = fx.activeGrant("vetting elsewhere " + fx.unique("s"));
        String otherOrg = fx.organization("applicant", "330200");
        ok(api.post("applicant", "/api/v1/grants/" + grant + "/members", Map.of("userId", "engineer2", "name", "Sun Yu")));
        ok(putVetting("applicant", otherOrg, "engineer2", LifecycleFixture.vettingItems(fx.today())));
        assertThat(access("engineer2", grant).code()).isEqualTo("VETTING_INCOMPLETE");
    }

    @Test
    void theGateChecksStateAndMembershipBeforeVetting() {
        String grant = fx.activeGrant("gate order " + fx.unique("s"));
        // A stranger, and a member once removed, may not see the grant: the answer for a grant that does not exist.
        assertThat(access("engineer2", grant).code()).isEqualTo("NOT_FOUND");
        ok(api.delete("applicant", "/api/v1/grants/" + grant + "/members/engineer"));
        assertThat(access("engineer", grant).code()).as("vetted but removed").isEqualTo("NOT_FOUND");
        assertThat(api.get("engineer", "/api/v1/grants/nonexistent-grant/access").status()).isEqualTo(404);
        assertThat(api.get("admin", "/api/v1/grants/" + grant + "/access").code()).isEqualTo("FORBIDDEN_ROLE");
    }

    @Test
    void onlyTheAccountablePersonRecordsAndTheAuthorityAndSecurityRead() {
        String org = fx.organization("applicant", "330200");
        String path = "/api/v1/organizations/" + org + "/personnel/zhang.san";
        Map<String, Object> body = Map.of("name", "Zhang San", "items", LifecycleFixture.vettingItems(fx.today()));

        assertThat(api.put("applicant2", path, body).code()).isEqualTo("NOT_ACCOUNTABLE_PERSON");
        assertThat(api.put("admin", path, body).code()).isEqualTo("FORBIDDEN_ROLE");
        assertThat(api.put("engineer", path, body).code()).isEqualTo("FORBIDDEN_ROLE");
        assertThat(api.get("applicant", path).status()).as("nothing recorded yet").isEqualTo(404);

        Api.Response recorded = ok(api.put("applicant", path, body));
        assertThat(recorded.json().path("vetted").asBoolean()).isTrue();
        assertThat(recorded.json().path("missing").size()).isZero();
        assertThat(recorded.json().path("items").path("CONFIDENTIALITY_AGREEMENT").path("evidence").asString()).contains("evidence");
        assertThat(recorded.json().path("items").path("PRE_JOB_TRAINING").path("recordedBy").asString()).isEqualTo("applicant");

        for (String reader : List.of("applicant", "admin", "security")) {
            Api.Response read = api.get(reader, path);
            assertThat(read.status()).as(reader + " " + read).isEqualTo(200);
            assertThat(read.json().path("userId").asString()).isEqualTo("zhang.san");
            assertThat(api.get(reader, "/api/v1/organizations/" + org + "/personnel").json().findValuesAsString("userId"))
                    .containsExactly("zhang.san");
        }
        assertThat(api.get("county-admin", path).code()).isEqualTo("OUTSIDE_JURISDICTION");
        assertThat(api.get("applicant2", path).code()).isEqualTo("NOT_ACCOUNTABLE_PERSON");
        assertThat(api.get("engineer", path).code()).isEqualTo("FORBIDDEN_ROLE");
        assertThat(api.get("expert", path).code()).isEqualTo("FORBIDDEN_ROLE");
        assertThat(api.get("admin", "/api/v1/organizations/no-such-org/personnel").status()).isEqualTo(404);
    }

    @Test
    void everyChangeIsAuditedWithItsDatesAndEvidenceAndAnUnchangedPutIsNoChange() {
        String org = fx.organization("applicant", "330200");
        String path = "/api/v1/organizations/" + org + "/personnel/li.si";
        Map<String, Object> three = LifecycleFixture.vettingItems(fx.today().minusDays(10), "PRE_JOB_TRAINING",
                "REAL_NAME_AUTHENTICATION", "FILING_AND_VETTING");
        ok(api.put("applicant", path, Map.of("name", "Li Si", "items", three)));
        ok(api.put("applicant", path, Map.of("name", "Li Si", "items", three)));
        Map<String, Object> two = new LinkedHashMap<>(three);
        two.remove("FILING_AND_VETTING");
        ok(api.put("applicant", path, Map.of("name", "Li Si", "items", two)));

        List<Map<String, Object>> rows = jdbc.sql("SELECT actor, action, subject_type, organization_id, detail, outcome FROM audit_log"
                + " WHERE subject_type = 'personnel' AND subject_id = 'li.si' AND organization_id = ? ORDER BY seq").param(org)
                .query().listOfRows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("actor", "applicant").containsEntry("action", "personnel.record")
                .containsEntry("outcome", "DONE");
        assertThat((String) rows.get(0).get("detail")).contains("PRE_JOB_TRAINING (" + fx.today().minusDays(10))
                .contains("pre_job_training evidence NB-").contains("lacks signed confidentiality agreement");
        assertThat(rows.get(1)).containsEntry("action", "personnel.update");
        assertThat((String) rows.get(1).get("detail")).contains("withdrew FILING_AND_VETTING")
                .contains("lacks filing and vetting, signed confidentiality agreement");
        // The records name the organization's accountable person (R-24a).
        assertThat(jdbc.sql("SELECT DISTINCT accountable_person FROM audit_log WHERE subject_type = 'personnel' AND organization_id = ?")
                .param(org).query(String.class).list()).containsExactly("applicant (Accountable applicant)");
    }

    @Test
    void refusesBadVettingRecords() {
        String org = fx.organization("applicant", "330200");
        String path = "/api/v1/organizations/" + org + "/personnel/wang.wu";
        Api.Response future = api.put("applicant", path, Map.of("name", "Wang Wu", "items",
                LifecycleFixture.vettingItems(fx.today().plusDays(2), "PRE_JOB_TRAINING")));
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.json().path("detail").asString()).contains("PRE_JOB_TRAINING").contains("future");

        Api.Response noEvidence = api.put("applicant", path, Map.of("name", "Wang Wu", "items",
                Map.of("PRE_JOB_TRAINING", Map.of("completedOn", fx.today().toString()))));
        assertThat(noEvidence.status()).isEqualTo(400);
        assertThat(noEvidence.json().path("detail").asString()).contains("evidence");

        Api.Response unknown = api.put("applicant", path, Map.of("name", "Wang Wu", "items",
                Map.of("GOOD_CHARACTER", Map.of("completedOn", fx.today().toString(), "evidence", "x"))));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_VETTING_ITEM");
        assertThat(unknown.json().path("detail").asString()).contains("CONFIDENTIALITY_AGREEMENT");

        assertThat(api.put("applicant", path, Map.of("items", Map.of())).status()).as("name is required").isEqualTo(400);
        assertThat(api.put("applicant", "/api/v1/organizations/" + org + "/personnel/bad%20user", Map.of("name", "x")).status())
                .isEqualTo(400);
        assertThat(api.get("applicant", path).status()).as("nothing was written").isEqualTo(404);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM personnel WHERE organization_id = ?").param(org).query(Long.class).single()).isZero();
    }
}

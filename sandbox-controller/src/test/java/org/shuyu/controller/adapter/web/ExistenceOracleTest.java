package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.Jobs;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.support.Products;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * No existence oracle (issue 14): a caller who may not see a grant, lab, application, workspace, job or product gets
 * exactly the answer for one that does not exist (404 NOT_FOUND, the same detail but for the id), whatever it asks to
 * read or do, and each such refusal is audited.
 */
@PlatformTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("R-24d")
class ExistenceOracleTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    Api api;
    LifecycleFixture fx;
    String grant;
    String application;
    String lab;
    String job;
    String product;

    @BeforeAll
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
        grant = fx.activeGrant("oracle " + fx.unique("s"));
        application = api.get("admin", "/api/v1/grants/" + grant).json().path("applicationId").asString();
        lab = api.get("admin", "/api/v1/applications/" + application).json().path("labId").asString();
        Api.Response submitted = api.post("engineer", "/api/v1/workspaces/" + grant + "/jobs", Jobs.spec("oracle", "SELECT 1"));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
        job = submitted.json().path("id").asString();
        api.delete("engineer", "/api/v1/jobs/" + job);
        product = Products.create(api, grant, "oracle-" + fx.unique("p"), "DATA_PACKAGE", "features", null);
    }

    private long refusals(String subject) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE outcome = 'REFUSED' AND code = 'NOT_FOUND' AND subject_id LIKE ?")
                .param("%" + subject + "%").query(Long.class).single();
    }

    /** The request about the existing id and about an unknown one answer alike, and both are audited. */
    private void sameAnswer(String user, String method, Function<String, String> path, String existing, Object body) {
        String unknown = existing.replaceAll("[0-9a-f]", "0") + "x";
        long before = refusals(existing) + refusals(unknown);
        Api.Response real = api.withToken(method, path.apply(existing), body, api.token(user));
        Api.Response none = api.withToken(method, path.apply(unknown), body, api.token(user));
        assertThat(real.status()).as(method + " " + path.apply(existing) + " " + real).isEqualTo(404);
        assertThat(none.status()).as(none.toString()).isEqualTo(404);
        assertThat(real.code()).isEqualTo("NOT_FOUND").isEqualTo(none.code());
        assertThat(real.json().path("detail").asString().replace(existing, "ID"))
                .isEqualTo(none.json().path("detail").asString().replace(unknown, "ID"));
        assertThat(refusals(existing) + refusals(unknown)).isEqualTo(before + 2);
    }

    @Test
    void aStrangerCannotTellAnExistingGrantFromAnUnknownOne() {
        sameAnswer("engineer2", "GET", id -> "/api/v1/grants/" + id, grant, null);
        sameAnswer("engineer2", "GET", id -> "/api/v1/grants/" + id + "/access", grant, null);
        sameAnswer("applicant2", "GET", id -> "/api/v1/grants/" + id + "/members", grant, null);
        sameAnswer("applicant2", "POST", id -> "/api/v1/grants/" + id + "/members", grant, Map.of("userId", "engineer2", "name", "x"));
        sameAnswer("applicant2", "PUT", id -> "/api/v1/grants/" + id + "/emergency-plan", grant, LifecycleFixture.plan());
        sameAnswer("county-admin", "POST", id -> "/api/v1/grants/" + id + "/suspend", grant,
                Map.of("violation", "x", "rectificationDeadline", Instant.now().plusSeconds(86_400).toString()));
        sameAnswer("county-coordination", "POST", id -> "/api/v1/grants/" + id + "/decisions", grant,
                Map.of("kind", "TERMINATE", "meetingDate", fx.today().toString(), "minutes", "m", "reason", "r"));
    }

    @Test
    void aStrangerCannotTellAnExistingLabOrApplicationFromAnUnknownOne() {
        sameAnswer("county-admin", "GET", id -> "/api/v1/labs/" + id, lab, null);
        sameAnswer("county-admin", "POST", id -> "/api/v1/labs/" + id + "/reject", lab, Map.of("reason", "no"));
        sameAnswer("applicant2", "GET", id -> "/api/v1/applications/" + id, application, null);
        sameAnswer("applicant2", "POST", id -> "/api/v1/applications/" + id + "/withdraw", application, null);
        sameAnswer("county-coordination", "POST", id -> "/api/v1/applications/" + id + "/deliberation", application,
                fx.deliberation("APPROVE"));
    }

    @Test
    void aStrangerCannotTellAnExistingWorkspaceJobOrProductFromAnUnknownOne() {
        sameAnswer("engineer2", "GET", id -> "/api/v1/workspaces/" + id, grant, null);
        sameAnswer("engineer2", "GET", id -> "/api/v1/workspaces/" + id + "/jobs", grant, null);
        sameAnswer("engineer2", "POST", id -> "/api/v1/workspaces/" + id + "/jobs", grant, Jobs.spec("probe", "SELECT 1"));
        sameAnswer("engineer2", "GET", id -> "/api/v1/workspaces/" + id + "/tables/features/preview?limit=5", grant, null);
        sameAnswer("engineer2", "GET", id -> "/api/v1/jobs/" + id, job, null);
        sameAnswer("engineer2", "GET", id -> "/api/v1/jobs/" + id + "/log", job, null);
        sameAnswer("engineer2", "DELETE", id -> "/api/v1/jobs/" + id, job, null);
        sameAnswer("engineer2", "GET", id -> "/api/v1/products/" + id, product, null);
        sameAnswer("engineer2", "POST", id -> "/api/v1/products/" + id + "/submit", product, null);
        sameAnswer("engineer2", "POST", id -> "/api/v1/products/" + id + "/withdraw", product, Map.of("reason", "x"));
        assertThat(List.of(grant, job, product)).doesNotContainNull();
    }
}

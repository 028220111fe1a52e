package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Bad input gets problem+json with a stable code, never a 500, and changes nothing. */
@PlatformTest
class BadInputTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    Api api;
    LifecycleFixture fx;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    private long rows(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    private void assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.text()).doesNotContain("org.shuyu").doesNotContain("Exception");
    }

    @Test
    void malformedBodiesAreRefusedWithTheFieldNamed() {
        String org = fx.organization("applicant", "330200");
        long labs = rows("labs");
        assertProblem(api.post("applicant", "/api/v1/labs", "{not json"), 400, "MALFORMED_BODY");
        assertProblem(api.post("applicant", "/api/v1/labs", Map.of("organizationId", org, "datasetIds", "registry.enterprises",
                "developmentApproach", "a", "marketPlan", "b", "months", "three")), 400, "INVALID_FIELD");
        Api.Response badEnum = api.post("coordination", "/api/v1/grants/whatever/decisions", Map.of("kind", "DISSOLVE"));
        assertProblem(badEnum, 400, "INVALID_FIELD");
        assertThat(badEnum.json().path("detail").asString()).contains("kind").contains("TERMINATE");
        Api.Response badDate = api.post("admin", "/api/v1/grants", Map.of("applicationId", "x", "termStart", "next monday"));
        assertProblem(badDate, 400, "INVALID_FIELD");
        assertThat(badDate.json().path("detail").asString()).contains("termStart");
        assertProblem(api.post("applicant", "/api/v1/labs", null), 400, "MALFORMED_BODY");
        assertThat(rows("labs")).isEqualTo(labs);
    }

    @Test
    void missingAndOverlongFieldsAreRefusedAndNothingIsWritten() {
        String org = fx.organization("applicant", "330200");
        long labs = rows("labs");
        assertProblem(api.post("applicant", "/api/v1/labs", Map.of("organizationId", org)), 400, "INVALID_REQUEST");
        assertProblem(fx.requestLab("applicant", org, List.of(), 3), 400, "INVALID_REQUEST");
        assertProblem(fx.requestLab("applicant", org, List.of("registry.enterprises"), 0), 400, "INVALID_REQUEST");
        Api.Response overlong = api.post("applicant", "/api/v1/labs", Map.of("organizationId", org,
                "datasetIds", List.of("registry.enterprises"), "developmentApproach", "x".repeat(5000), "marketPlan", "b", "months", 2));
        assertProblem(overlong, 400, "INVALID_REQUEST");
        assertThat(rows("labs")).isEqualTo(labs);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM lab_datasets ld LEFT JOIN labs l ON l.id = ld.lab_id WHERE l.id IS NULL")
                .query(Long.class).single()).isZero();
    }

    @Test
    void unknownSubjectsAndKindsAreNotFoundOrInvalid() {
        assertProblem(api.get("admin", "/api/v1/grants/grant-none"), 404, "NOT_FOUND");
        assertProblem(api.post("admin", "/api/v1/labs/lab-none/approve", null), 404, "NOT_FOUND");
        assertProblem(api.put("applicant", "/api/v1/applications/app-none/materials/tax-returns",
                Map.of("documentName", "x", "sha256", LifecycleFixture.SHA)), 400, "INVALID_REQUEST");
        assertProblem(api.withToken("PATCH", "/api/v1/me", Map.of(), api.token("admin")), 403, "FORBIDDEN_ROLE");
    }
}

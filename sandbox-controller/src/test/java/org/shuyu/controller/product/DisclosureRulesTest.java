package org.shuyu.controller.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.LifecycleFixture.ok;

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
import org.shuyu.controller.support.Products;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The disclosure thresholds and contribution declarations through the API, without Spark (docs/disclosure.md): the
 * defaults by grade; only the authority sets a grade's thresholds, audited, and out-of-range thresholds are refused and
 * change nothing; the operator's people declare contributions while the candidate is a draft, not after, and a
 * malformed declaration is refused.
 */
@PlatformTest
@Tag("R-19b")
class DisclosureRulesTest {
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

    @AfterEach
    void restoreDefaults() {
        ok(api.put("admin", "/api/v1/disclosure-rules/4", Map.of("dominanceN", 3, "dominanceK", 75, "pPercent", 20)));
    }

    @Test
    void everyoneReadsTheThresholdsByGradeStricterAsTheGradeRises() {
        JsonNode rules = ok(api.get("engineer", "/api/v1/disclosure-rules")).json();
        assertThat(rules.size()).isEqualTo(4);
        assertThat(rules.get(0).path("dominanceK").asInt()).isEqualTo(100); // grade 1: dominance off
        assertThat(rules.get(0).path("pPercent").asInt()).isZero();          // grade 1: p% off
        assertThat(rules.get(2).path("dominanceN").asInt()).isEqualTo(2);
        assertThat(rules.get(2).path("dominanceK").asInt()).isEqualTo(85);
        assertThat(rules.get(2).path("pPercent").asInt()).isEqualTo(10);
        assertThat(ok(api.get("expert", "/api/v1/disclosure-rules/3")).json().path("grade").asInt()).isEqualTo(3);
    }

    @Test
    void onlyTheAuthoritySetsAGradesThresholdsAndEachChangeIsAudited() {
        Map<String, Object> body = Map.of("dominanceN", 4, "dominanceK", 70, "pPercent", 25);
        for (String user : List.of("engineer", "expert", "security", "applicant")) {
            assertThat(api.put(user, "/api/v1/disclosure-rules/4", body).status()).as(user).isEqualTo(403);
        }
        JsonNode set = ok(api.put("admin", "/api/v1/disclosure-rules/4", body)).json();
        assertThat(set.path("source").asString()).isEqualTo("SET");
        assertThat(set.path("updatedBy").asString()).isNotEmpty();
        assertThat(ok(api.get("engineer", "/api/v1/disclosure-rules/4")).json().path("dominanceK").asInt()).isEqualTo(70);
        List<String> details = jdbc.sql("SELECT detail FROM audit_log WHERE action = 'disclosure.rule-set'"
                + " AND subject_id = 'grade-4' ORDER BY seq DESC").query(String.class).list();
        assertThat(details.get(0)).contains("-> dominance n=4, k=70%; p=25%");
    }

    @Test
    void thresholdsOutOfRangeAreRefusedAndChangeNothing() {
        JsonNode before = ok(api.get("admin", "/api/v1/disclosure-rules/4")).json();
        for (Map<String, Object> bad : List.of(
                Map.<String, Object>of("dominanceN", 0, "dominanceK", 80, "pPercent", 10),
                Map.<String, Object>of("dominanceN", 11, "dominanceK", 80, "pPercent", 10),
                Map.<String, Object>of("dominanceN", 2, "dominanceK", 49, "pPercent", 10),
                Map.<String, Object>of("dominanceN", 2, "dominanceK", 101, "pPercent", 10),
                Map.<String, Object>of("dominanceN", 2, "dominanceK", 80, "pPercent", -1),
                Map.<String, Object>of("dominanceN", 2, "dominanceK", 80, "pPercent", 101))) {
            Api.Response refused = api.put("admin", "/api/v1/disclosure-rules/4", bad);
            assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("INVALID_DISCLOSURE_RULE");
        }
        Api.Response noGrade = api.put("admin", "/api/v1/disclosure-rules/5",
                Map.of("dominanceN", 2, "dominanceK", 80, "pPercent", 10));
        assertThat(noGrade.code()).isEqualTo("INVALID_DISCLOSURE_RULE");
        assertThat(api.put("admin", "/api/v1/disclosure-rules/4", Map.of("dominanceN", 2)).status()).isEqualTo(400);
        assertThat(ok(api.get("admin", "/api/v1/disclosure-rules/4")).json()).isEqualTo(before);
    }

    @Test
    void contributionsAreDeclaredOnADraftByTheOperatorsPeopleOnly() {
        String grant = fx.activeGrant("disclosure declarations " + fx.unique("s"), List.of("tax.payments"));
        String id = Products.create(api, grant, "totals-" + fx.unique("p").toLowerCase().replace('_', '-'), "DATA_PACKAGE",
                "industry_totals", "enterprises");
        Map<String, Object> declaration = Map.of("table", "industry_totals_by_firm", "cellColumns", List.of("industry"),
                "contributorColumn", "firm", "amountColumn", "amount");
        String path = "/api/v1/products/" + id + "/contributions/total";
        assertThat(api.put("expert", path, declaration).status()).isEqualTo(403);
        JsonNode declared = ok(api.put("engineer", path, declaration)).json();
        assertThat(declared.path("column").asString()).isEqualTo("total");
        assertThat(declared.path("cellColumns").get(0).asString()).isEqualTo("industry");
        assertThat(ok(api.get("expert", "/api/v1/products/" + id + "/contributions")).json().size()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'product.contributions-declare' AND subject_id = ?")
                .param(id).query(Long.class).single()).isEqualTo(1);

        for (Map<String, Object> bad : List.of(
                Map.<String, Object>of("table", "Not A Table", "cellColumns", List.of("industry"), "contributorColumn", "firm",
                        "amountColumn", "amount"),
                Map.<String, Object>of("table", "t", "cellColumns", List.of(), "contributorColumn", "firm",
                        "amountColumn", "amount"),
                Map.<String, Object>of("table", "t", "cellColumns", List.of("industry"), "contributorColumn", "industry",
                        "amountColumn", "amount"),
                Map.<String, Object>of("table", "t", "cellColumns", List.of("total"), "contributorColumn", "firm",
                        "amountColumn", "amount"),
                Map.<String, Object>of("table", "t", "cellColumns", List.of("industry"), "amountColumn", "amount"))) {
            Api.Response refused = api.put("engineer", path, bad);
            assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("INVALID_CONTRIBUTIONS");
        }
        assertThat(ok(api.get("engineer", "/api/v1/products/" + id + "/contributions")).json().get(0).path("table")
                .asString()).isEqualTo("industry_totals_by_firm");

        ok(api.post("engineer", "/api/v1/products/" + id + "/withdraw", Map.of("reason", "test")));
        Api.Response late = api.put("engineer", path, declaration);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.code()).isEqualTo("CONTRIBUTIONS_NOT_DECLARABLE");
        assertThat(api.delete("engineer", path).code()).isEqualTo("CONTRIBUTIONS_NOT_DECLARABLE");
    }
}

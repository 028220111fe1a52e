package org.shuyu.controller.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shuyu.controller.support.Jobs.spec;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.shuyu.controller.demo.DemoData;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.Jobs;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.support.Products;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * End to end (issue 6, R-19b, R-22): real jobs write workspace tables with their lineage; candidates are frozen into
 * snapshots by real snapshot jobs and checked automatically (each check with a case that passes and one that fails:
 * a raw identifier laundered through CTAS and a view, a group smaller than k, a differencing pair, a group size that
 * is not a count); two independent experts review (self-review and same-operator review refused); the authority
 * lists; the registration record is exported.
 */
@PlatformTest
@Tag("R-19b")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductFlowTest {
    private static final String ENTERPRISES = "registry.enterprises";
    private static final String CONTRIBUTIONS = "social.contributions";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    ProductReviews products;

    Api api;
    LifecycleFixture fx;
    String grant;
    String scenario;
    String organization;
    String byIndustry;
    String minusOne;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    @BeforeAll
    void tablesWithLineage() {
        setUp();
        scenario = "enterprise statistics by industry " + fx.unique("s");
        grant = fx.activeGrant(scenario, List.of(ENTERPRISES, CONTRIBUTIONS));
        organization = ok(api.get("admin", "/api/v1/grants/" + grant)).json().path("organizationId").asString();
        JsonNode job = Jobs.await(api, "engineer", Jobs.submit(api, "engineer", grant, spec("product-tables",
                "CREATE TABLE by_industry AS SELECT industry, count(*) AS n, avg(registered_capital) AS avg_capital"
                        + " FROM registry.enterprises GROUP BY industry",
                "CREATE TABLE by_industry_year AS SELECT industry, year(established_on) AS founded, count(*) AS n"
                        + " FROM registry.enterprises GROUP BY industry, year(established_on)",
                "CREATE TABLE contrib_copy AS SELECT person_name, employer_uscc, amount FROM social.contributions",
                "CREATE VIEW contrib_view AS SELECT * FROM contrib_copy",
                "CREATE TABLE laundered AS SELECT upper(person_name) AS who, amount FROM contrib_view",
                "CREATE TABLE by_industry_minus_one AS SELECT industry, count(*) AS companies FROM registry.enterprises"
                        + " WHERE uscc <> '" + DemoData.uscc(0) + "' GROUP BY industry",
                "CREATE TABLE capital_as_count AS SELECT industry, max(registered_capital) AS n FROM registry.enterprises"
                        + " GROUP BY industry",
                "CREATE TABLE enterprise_list AS SELECT uscc, name, industry, district FROM registry.enterprises")));
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
    }

    @Test
    @Order(1)
    void anAggregatedTableWithGroupsOfAtLeastKPassesEveryCheckAndAwaitsReview() {
        byIndustry = create("by-industry", "DATA_INTERFACE", "by_industry", "n");
        JsonNode p = submitAndAwait(byIndustry);
        assertThat(p.path("state").asString()).as(p.toString()).isEqualTo("IN_REVIEW");
        assertThat(verdicts(p)).containsExactly(Map.entry("LINEAGE_COMPLETE", "PASS"), Map.entry("WITHIN_GRANT", "PASS"),
                Map.entry("NO_IDENTIFYING_COLUMNS", "PASS"), Map.entry("NO_RAW_VALUES", "PASS"), Map.entry("MIN_GROUP_SIZE", "PASS"),
                Map.entry("DIFFERENCING", "PASS"), Map.entry("DOMINANCE", "PASS"), Map.entry("P_PERCENT", "PASS"),
                Map.entry("SIZE_BOUNDS", "PASS"));
        // registered_capital is FINANCIAL grade 2: k for grade 2 applies (5); 8 industries of 25 enterprises each.
        assertThat(p.path("aggregation").path("k").asInt()).isEqualTo(5);
        assertThat(p.path("aggregation").path("groups").asInt()).isEqualTo(8);
        assertThat(p.path("aggregation").path("dimensions").get(0).asString()).isEqualTo("industry");
        assertThat(p.path("snapshot").path("rows").asLong()).isEqualTo(8);
        assertThat(p.path("snapshot").path("sha256").asString()).hasSize(64);
        assertThat(p.path("scenario").asString()).isEqualTo(scenario);
    }

    @Test
    @Order(2)
    void groupsSmallerThanKAreRefused() {
        JsonNode p = submitAndAwait(create("by-industry-year", "DATA_PACKAGE", "by_industry_year", "n"));
        assertThat(p.path("state").asString()).isEqualTo("REJECTED");
        JsonNode check = check(p, "MIN_GROUP_SIZE");
        assertThat(check.path("verdict").asString()).isEqualTo("FAIL");
        assertThat(check.path("reason").asString()).contains("fewer than k=3");
        assertThat(p.path("stateReason").asString()).contains("MIN_GROUP_SIZE");
    }

    @Test
    @Order(3)
    void aRawIdentifierLaunderedThroughCtasAndAViewIsRefused() {
        JsonNode p = submitAndAwait(create("laundered", "DATA_PACKAGE", "laundered", null));
        assertThat(p.path("state").asString()).isEqualTo("REJECTED");
        JsonNode check = check(p, "NO_IDENTIFYING_COLUMNS");
        assertThat(check.path("verdict").asString()).as(check.toString()).isEqualTo("FAIL");
        String details = check.path("details").toString();
        // who = upper(person_name) over the view over the CTAS copy: a pseudonym of a direct identifier.
        assertThat(details).contains("who: a masked copy of the direct identifier " + CONTRIBUTIONS + ".person_name");
        // amount is a copy of a grade-3 health/social column, inherited through both hops.
        assertThat(details).contains("amount: HEALTH_SOCIAL, grade 3, inherited from " + CONTRIBUTIONS + ".amount (through ");
        // By value, the hashed names are not raw values: only the lineage checks refuse this one.
        assertThat(check(p, "NO_RAW_VALUES").path("verdict").asString()).as(check(p, "NO_RAW_VALUES").toString())
                .isEqualTo("PASS");
        // Its lineage is shown to reviewers down to the SQL of each statement.
        JsonNode lineage = ok(api.get("expert", "/api/v1/products/" + p.path("id").asString() + "/lineage")).json();
        List<String> sql = new ArrayList<>();
        lineage.path("statements").forEach(s -> sql.add(s.path("sql").asString()));
        assertThat(sql).anyMatch(s -> s.startsWith("CREATE VIEW contrib_view"));
        assertThat(lineage.path("sources").toString()).contains(CONTRIBUTIONS);
    }

    @Test
    @Order(4)
    void anAggregatedTableMustNameItsGroupSizeAndItMustBeACount() {
        JsonNode unnamed = submitAndAwait(create("no-size", "DATA_PACKAGE", "by_industry", null));
        assertThat(check(unnamed, "MIN_GROUP_SIZE").path("reason").asString()).contains("names no groupSizeColumn");
        JsonNode copied = submitAndAwait(create("capital-as-count", "DATA_PACKAGE", "capital_as_count", "n"));
        assertThat(copied.path("state").asString()).isEqualTo("REJECTED");
        assertThat(check(copied, "MIN_GROUP_SIZE").path("reason").asString())
                .contains("is a copy of source column " + ENTERPRISES + ".registered_capital");
    }

    @Test
    @Order(5)
    void aRecordLevelPackageOfPublicColumnsPasses() {
        JsonNode p = submitAndAwait(create("enterprise-list", "DATA_PACKAGE", "enterprise_list", null));
        assertThat(p.path("state").asString()).as(p.toString()).isEqualTo("IN_REVIEW");
        assertThat(check(p, "MIN_GROUP_SIZE").path("reason").asString()).contains("without quasi-identifier");
        assertThat(check(p, "NO_RAW_VALUES").path("reason").asString()).contains("no cell holds a raw value")
                .contains(ENTERPRISES);
        assertThat(p.path("snapshot").path("rows").asLong()).isEqualTo(DemoData.ENTERPRISES);
    }

    @Test
    @Order(6)
    void onlyIndependentExpertsReviewAndTwoApprovalsAreNeeded() {
        // Not an expert at all.
        assertThat(api.post("engineer", "/api/v1/products/" + byIndustry + "/reviews",
                Map.of("decision", "APPROVE", "comment", "mine")).status()).isEqualTo(403);
        // An expert who wrote it, or is a member of the grant, or is the operator's accountable person.
        for (String user : List.of("engineer", "applicant")) {
            Actor conflicted = new Actor(user, user, Set.of(Role.EXPERT), Optional.empty());
            assertThatThrownBy(() -> products.review(conflicted, byIndustry, ProductStore.Review.Decision.APPROVE, "ok"))
                    .isInstanceOfSatisfying(SandboxException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.REVIEWER_NOT_INDEPENDENT));
        }
        JsonNode first = ok(api.post("expert", "/api/v1/products/" + byIndustry + "/reviews",
                Map.of("decision", "APPROVE", "comment", "counts of 25, no identifiers"))).json();
        assertThat(first.path("state").asString()).isEqualTo("IN_REVIEW");
        Api.Response again = api.post("expert", "/api/v1/products/" + byIndustry + "/reviews",
                Map.of("decision", "APPROVE", "comment", "again"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("ALREADY_REVIEWED");
        // Listing before approval is refused.
        assertThat(api.post("admin", "/api/v1/products/" + byIndustry + "/list", null).code())
                .isEqualTo("ILLEGAL_PRODUCT_TRANSITION");
        JsonNode second = ok(api.post("expert2", "/api/v1/products/" + byIndustry + "/reviews",
                Map.of("decision", "APPROVE", "comment", "agree"))).json();
        assertThat(second.path("state").asString()).isEqualTo("APPROVED");
        assertThat(second.path("reviews")).hasSize(2);
    }

    @Test
    @Order(7)
    void aProductCheckedBeforeAnOverlappingListingIsRefusedAtItsOwnListing() {
        // by_industry_minus_one differs from by_industry by one enterprise in one industry. Checked now (nothing
        // listed yet) it passes; once by_industry is listed, listing it would isolate that one enterprise.
        minusOne = create("by-industry-minus-one", "DATA_PACKAGE", "by_industry_minus_one", "companies");
        JsonNode p = submitAndAwait(minusOne);
        assertThat(p.path("state").asString()).as(p.toString()).isEqualTo("IN_REVIEW");
        Products.approve(api, minusOne);

        assertThat(api.post("engineer", "/api/v1/products/" + byIndustry + "/list", null).status()).isEqualTo(403);
        JsonNode listed = ok(api.post("admin", "/api/v1/products/" + byIndustry + "/list", null)).json();
        assertThat(listed.path("state").asString()).isEqualTo("LISTED");

        Api.Response refused = api.post("admin", "/api/v1/products/" + minusOne + "/list", null);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("DIFFERENCING_RISK");
        assertThat(refused.json().path("detail").asString()).contains("difference 1 < k=5");
        assertThat(ok(api.get("admin", "/api/v1/products/" + minusOne)).json().path("state").asString())
                .isEqualTo("APPROVED");
    }

    @Test
    @Order(8)
    void aDifferencingPairIsCaughtByTheAutomaticChecks() {
        JsonNode p = submitAndAwait(create("by-industry-minus-one-again", "DATA_PACKAGE", "by_industry_minus_one",
                "companies"));
        assertThat(p.path("state").asString()).isEqualTo("REJECTED");
        JsonNode check = check(p, "DIFFERENCING");
        assertThat(check.path("verdict").asString()).isEqualTo("FAIL");
        assertThat(check.path("details").get(0).asString()).contains("in listed product " + byIndustry);
    }

    @Test
    @Order(9)
    @Tag("R-22")
    void theRegistrationRecordOfAListedProductNamesSourcesMethodOwnerAndReview() {
        JsonNode record = ok(api.get("applicant", "/api/v1/products/" + byIndustry + "/registration")).json();
        assertThat(record.path("recordType").asString()).isEqualTo(ProductRecords.RECORD_TYPE);
        assertThat(record.path("product").path("approvedScenario").asString()).isEqualTo(scenario);
        assertThat(record.path("product").path("content").path("sha256").asString()).hasSize(64);
        assertThat(record.path("sources").get(0).path("dataset").asString()).isEqualTo(ENTERPRISES);
        assertThat(record.path("sources").get(0).path("provider").asString()).isNotBlank();
        assertThat(record.path("owner").path("organizationId").asString()).isEqualTo(organization);
        assertThat(record.path("owner").path("accountablePerson").path("userId").asString()).isEqualTo("applicant");
        assertThat(record.path("owner").path("grant").path("id").asString()).isEqualTo(grant);
        JsonNode statements = record.path("method").path("statements");
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).path("sql").asString()).contains("GROUP BY industry");
        assertThat(record.path("review").path("automaticChecks")).hasSize(CheckResult.Check.values().length);
        assertThat(record.path("review").path("expertReviews")).hasSize(2);
        // The digest is the SHA-256 of the record without it.
        ObjectNode copy = (ObjectNode) record.deepCopy();
        String digest = copy.remove("digest").asString();
        assertThat(ProductRecords.sha256(JsonMapper.builder().build().writeValueAsString(copy))).isEqualTo(digest);

        Api.Response notListed = api.get("applicant", "/api/v1/products/" + minusOne + "/registration");
        assertThat(notListed.status()).isEqualTo(409);
        assertThat(notListed.code()).isEqualTo("PRODUCT_NOT_LISTED");
    }

    @Test
    @Order(10)
    void theListingIsPublicButTheReviewFileIsNot() {
        JsonNode listing = ok(api.get("engineer2", "/api/v1/products?state=LISTED")).json();
        List<String> ids = new ArrayList<>();
        listing.forEach(p -> ids.add(p.path("id").asString()));
        assertThat(ids).contains(byIndustry).doesNotContain(minusOne);
        JsonNode seen = ok(api.get("engineer2", "/api/v1/products/" + byIndustry)).json();
        assertThat(seen.path("checks")).isEmpty();
        assertThat(seen.path("reviews")).isEmpty();
        assertThat(api.get("engineer2", "/api/v1/products/" + minusOne).status()).isEqualTo(404);
        assertThat(api.get("engineer2", "/api/v1/products/" + byIndustry + "/lineage").status()).isEqualTo(404);
        assertThat(api.get("expert", "/api/v1/products/" + minusOne).status()).isEqualTo(200);
    }

    @Test
    @Order(11)
    void everyStepIsAudited() {
        List<String> actions = jdbc.sql("SELECT action FROM audit_log WHERE subject_id = ? ORDER BY seq")
                .param(byIndustry).query(String.class).list();
        assertThat(actions).containsSubsequence("product.create", "product.submit", "product.snapshot", "product.checks",
                "product.review", "product.review", "product.approve", "product.list");
    }

    @Test
    @Order(12)
    void badCandidatesAreRefusedAndChangeNothing() {
        Integer before = jdbc.sql("SELECT count(*) FROM products").query(Integer.class).single();
        Api.Response kind = api.post("engineer", "/api/v1/products", body("x", "DATA_SERVICE_PLUS", "by_industry", null));
        assertThat(kind.status()).isEqualTo(400);
        Api.Response name = api.post("engineer", "/api/v1/products", body("Bad Name!", "DATA_PACKAGE", "by_industry", null));
        assertThat(name.code()).isEqualTo("INVALID_PRODUCT");
        Api.Response table = api.post("engineer", "/api/v1/products", body("x", "DATA_PACKAGE", "../etc", null));
        assertThat(table.code()).isEqualTo("INVALID_PRODUCT");
        Api.Response malformed = api.withToken("POST", "/api/v1/products", "{not json", api.token("engineer"));
        assertThat(malformed.status()).isEqualTo(400);
        Api.Response stranger = api.post("engineer2", "/api/v1/products", body("x", "DATA_PACKAGE", "by_industry", null));
        // Not a member of the grant: the same answer as for an unknown grant (no existence oracle, issue 14).
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.code()).isEqualTo("NOT_FOUND");
        assertThat(jdbc.sql("SELECT count(*) FROM products").query(Integer.class).single()).isEqualTo(before);
    }

    @Test
    @Order(13)
    void aMissingTableFailsAtTheSnapshotAndAWithdrawnDraftStaysWithdrawn() {
        JsonNode missing = submitAndAwait(create("missing", "DATA_PACKAGE", "no_such_table", null));
        assertThat(missing.path("state").asString()).isEqualTo("REJECTED");
        assertThat(missing.path("stateReason").asString()).contains("snapshot could not be taken");

        String draft = create("draft", "DATA_REPORT", "enterprise_list", null);
        JsonNode withdrawn = ok(api.post("engineer", "/api/v1/products/" + draft + "/withdraw",
                Map.of("reason", "not needed"))).json();
        assertThat(withdrawn.path("state").asString()).isEqualTo("WITHDRAWN");
        assertThat(api.post("engineer", "/api/v1/products/" + draft + "/submit", null).code())
                .isEqualTo("ILLEGAL_PRODUCT_TRANSITION");
        // A new candidate with the same name is the next version.
        String next = create("draft", "DATA_REPORT", "enterprise_list", null);
        assertThat(ok(api.get("engineer", "/api/v1/products/" + next)).json().path("version").asInt()).isEqualTo(2);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Map<String, Object> body(String name, String kind, String table, String groupSize) {
        return Products.candidate(grant, name, kind, table, groupSize);
    }

    private String create(String name, String kind, String table, String groupSize) {
        return Products.create(api, grant, name, kind, table, groupSize);
    }

    private JsonNode submitAndAwait(String id) {
        return Products.submitAndAwait(api, id);
    }

    private static JsonNode check(JsonNode product, String name) {
        for (JsonNode c : product.path("checks")) {
            if (c.path("check").asString().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + product);
    }

    private static List<Map.Entry<String, String>> verdicts(JsonNode product) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        product.path("checks").forEach(c -> out.add(Map.entry(c.path("check").asString(), c.path("verdict").asString())));
        return out;
    }
}

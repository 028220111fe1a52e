package org.shuyu.controller.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * R-19c, the exchange half: a LISTED product is recommended to a partner data exchange by its operator's accountable
 * person (or the authority of its grant's jurisdiction), the authority exports the registration record (format
 * shuyu.exchange-registration/1, SHA-256 kept) and records the exchange's answer. States, roles, organization and
 * jurisdiction, bad input, the export's fields (each documented in docs/exchange.md, no data values), audit, notices
 * and to-dos. Products are put in their state directly in the database, so no Spark job runs here.
 */
@PlatformTest
@Tag("R-19c")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExchangeRecommendationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BASE = "/api/v1/exchange-recommendations/";
    private static final String SENTINEL = "SENTINEL-CELL-VALUE-7731";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    ExchangeTodos todos;

    Api api;
    LifecycleFixture fx;
    String grant;
    String organization;

    @BeforeAll
    void anActiveGrant() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
        grant = fx.activeGrant("exchange test " + fx.unique("s"));
        organization = ok(api.get("admin", "/api/v1/grants/" + grant)).json().path("organizationId").asString();
    }

    /** A product of the grant in {@code state}, with a snapshot, two approvals and a passed check (as the airlock leaves it). */
    private String product(String state) {
        String id = fx.unique("prod");
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("INSERT INTO products (id, grant_id, organization_id, name, version, kind, description, scenario,"
                        + " source_table, state, created_by, created_at, updated_at, snapshot_job_id, snapshot_file,"
                        + " snapshot_rows, snapshot_bytes, snapshot_sha256, snapshot_taken_at)"
                        + " VALUES (?, ?, ?, ?, 1, 'DATA_PACKAGE', ?, ?, 'by_industry', ?, 'engineer', ?, ?, 'job-x', 'x.arrow',"
                        + " 8, 1024, ?, ?)")
                .params(id, grant, organization, "counts-" + id, "counts by industry", "exchange test", state, now, now,
                        "b".repeat(64), now)
                .update();
        jdbc.sql("INSERT INTO product_review_rounds (product_id, revision, reviewer, decision, comment, reviewed_at)"
                + " VALUES (?, 1, ?, 'APPROVE', ?, ?)")
                .params(id, "expert", "looks fine, e.g. " + SENTINEL, now).update();
        jdbc.sql("INSERT INTO product_review_rounds (product_id, revision, reviewer, decision, comment, reviewed_at)"
                + " VALUES (?, 1, ?, 'APPROVE', ?, ?)")
                .params(id, "expert2", "ok", now).update();
        jdbc.sql("INSERT INTO product_checks (product_id, check_name, ordinal, verdict, reason, details, checked_at)"
                        + " VALUES (?, 'WITHIN_GRANT', 1, 'PASS', ?, '[]', ?)")
                .params(id, "schema ok " + SENTINEL, now).update();
        return id;
    }

    private Api.Response recommend(String user, String product, Object body) {
        return api.post(user, "/api/v1/products/" + product + "/exchange-recommendations", body);
    }

    private static Map<String, Object> body(String exchange) {
        return Map.of("exchange", exchange, "note", "strong demand from logistics firms");
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    @Test
    void theOperatorRecommendsAndTheAuthorityExportsAndRecordsTheRegistration() {
        String p = product("LISTED");
        Api.Response created = recommend("applicant", p, body("Ningbo Data Exchange"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode r = created.json();
        String id = r.path("id").asString();
        assertThat(r.path("state").asString()).isEqualTo("RECOMMENDED");
        assertThat(r.path("jurisdiction").asString()).isEqualTo("330200");
        assertThat(count("SELECT count(*) FROM notifications WHERE subject_id = ? AND kind = 'exchange.recommended'"
                + " AND recipient_role = 'AUTHORITY' AND recipient_jurisdiction = '330200'", id)).isEqualTo(1);
        Actor admin = new Actor("admin", "admin", Set.of(Role.AUTHORITY), Optional.of(Jurisdiction.MUNICIPAL));
        assertThat(todos.pending(admin)).extracting(Todo::subjectId).contains(id);
        Actor county = new Actor("county-admin", "c", Set.of(Role.AUTHORITY), Optional.of(new Jurisdiction("330212")));
        assertThat(todos.pending(county)).extracting(Todo::subjectId).doesNotContain(id);

        // Exported: the export is kept byte for byte and its SHA-256 is the recommendation's.
        JsonNode submitted = ok(api.post("admin", BASE + id + "/submit", null)).json();
        assertThat(submitted.path("state").asString()).isEqualTo("SUBMITTED");
        String sha = submitted.path("exportSha256").asString();
        Api.Response export = ok(api.get("applicant", BASE + id + "/export"));
        assertThat(Sha256.hex(export.text())).isEqualTo(sha);
        assertThat(ok(api.get("security", BASE + id + "/export")).text()).isEqualTo(export.text());
        assertThat(todos.pending(admin)).filteredOn(t -> t.subjectId().equals(id)).extracting(Todo::action)
                .containsExactly("record-answer");
        assertThat(count("SELECT count(*) FROM notifications WHERE subject_id = ? AND kind = 'exchange.submitted'"
                + " AND recipient_user = 'applicant'", id)).isEqualTo(1);

        JsonNode registered = ok(api.post("admin", BASE + id + "/registration",
                Map.of("registrationNumber", "NBDE-2026-00042"))).json();
        assertThat(registered.path("state").asString()).isEqualTo("REGISTERED");
        assertThat(registered.path("registrationNumber").asString()).isEqualTo("NBDE-2026-00042");
        assertThat(todos.pending(admin)).extracting(Todo::subjectId).doesNotContain(id);
        assertThat(count("SELECT count(*) FROM notifications WHERE subject_id = ? AND kind = 'exchange.registered'"
                + " AND recipient_user = 'applicant'", id)).isEqualTo(1);
        // The export did not change with the answer.
        assertThat(ok(api.get("admin", BASE + id + "/export")).text()).isEqualTo(export.text());

        // Final: no further answer, no withdrawal.
        Api.Response again = api.post("admin", BASE + id + "/rejection", Map.of("reason", "late"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("ILLEGAL_EXCHANGE_TRANSITION");
        assertThat(api.post("applicant", BASE + id + "/withdraw", null).code()).isEqualTo("ILLEGAL_EXCHANGE_TRANSITION");

        // Every transition audited, in order, under the recommendation.
        List<String> actions = jdbc.sql("SELECT action FROM audit_log WHERE subject_type = 'exchange-recommendation'"
                + " AND subject_id = ? AND outcome = 'DONE' ORDER BY seq").param(id).query(String.class).list();
        assertThat(actions).containsExactly("exchange.recommend", "exchange.submit", "exchange.register");
        assertThat(ok(api.get("applicant", "/api/v1/exchange-recommendations?productId=" + p)).json()).hasSize(1);
    }

    @Test
    void theExportHasTheDocumentedFieldsAndNoDataValues() throws Exception {
        String p = product("LISTED");
        String id = ok(recommend("admin", p, body("Shanghai Data Exchange"))).json().path("id").asString();
        ok(api.post("admin", BASE + id + "/submit", null));
        String text = ok(api.get("admin", BASE + id + "/export")).text();
        assertThat(text).doesNotContain(SENTINEL).doesNotContain("strong demand");
        JsonNode e = JSON.readTree(text);
        assertThat(e.path("format").asString()).isEqualTo("shuyu.exchange-registration");
        assertThat(e.path("formatVersion").asInt()).isEqualTo(1);
        assertThat(e.path("product").path("id").asString()).isEqualTo(p);
        assertThat(e.path("product").path("scenario").asString()).isEqualTo("exchange test");
        assertThat(e.path("operator").path("organizationId").asString()).isEqualTo(organization);
        assertThat(e.path("review").path("decision").asString()).isEqualTo("APPROVED");
        assertThat(e.path("review").path("approvals").asInt()).isEqualTo(2);
        assertThat(e.path("lineage").path("digest").asString()).matches("[0-9a-f]{64}");
        JsonNode source = e.path("sources").get(0);
        assertThat(source.path("datasetId").asString()).isNotBlank();
        assertThat(source.path("grade").isInt()).isTrue();
        assertThat(source.path("basis").asString()).isEqualTo("GRANT");

        // The format: exactly these field paths (a new or renamed field is a new format version and a doc change).
        Set<String> paths = new TreeSet<>();
        paths(e, "", paths);
        assertThat(paths).containsExactlyInAnyOrder(
                "format", "formatVersion", "exportedAt", "exportedBy",
                "recommendation.id", "recommendation.exchange", "recommendation.recommendedBy",
                "recommendation.recommendedAt",
                "product.id", "product.name", "product.version", "product.kind", "product.scenario", "product.listedAt",
                "product.contentSha256", "product.rows",
                "operator.organizationId", "operator.name", "operator.uscc", "operator.jurisdiction",
                "operator.accountablePerson.userId", "operator.accountablePerson.name",
                "grant.id", "grant.scenario", "grant.jurisdiction", "grant.termStart", "grant.termEnd",
                "sources[].datasetId", "sources[].title", "sources[].providerId", "sources[].grade",
                "sources[].openness", "sources[].basis",
                "lineage.dataset", "lineage.algorithm", "lineage.digest", "lineage.datasets", "lineage.edges",
                "lineage.processes", "lineage.truncated",
                "review.decision", "review.approvals", "review.experts[].reviewer", "review.experts[].decision",
                "review.experts[].at", "review.automaticChecks[].check", "review.automaticChecks[].verdict",
                "review.listedAt");
        String doc = Files.readString(Path.of("../docs/exchange.md"));
        List<String> undocumented = new ArrayList<>();
        for (String path : paths) {
            if (!doc.contains("`" + path + "`")) {
                undocumented.add(path);
            }
        }
        assertThat(undocumented).as("fields of the export missing from docs/exchange.md").isEmpty();
    }

    private static void paths(JsonNode node, String prefix, Set<String> out) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                paths(field.getValue(), prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), out);
            }
        } else if (node.isArray()) {
            node.forEach(item -> paths(item, prefix + "[]", out));
        } else {
            out.add(prefix);
        }
    }

    @Test
    void onlyListedProductsAreRecommendedAndNothingIsWrittenOtherwise() {
        for (String state : List.of("APPROVED", "IN_REVIEW", "DELISTED", "DRAFT")) {
            String p = product(state);
            Api.Response refused = recommend("applicant", p, body("Ningbo Data Exchange"));
            assertThat(refused.status()).as(state + " " + refused).isEqualTo(409);
            assertThat(refused.code()).isEqualTo("EXCHANGE_PRODUCT_NOT_LISTED");
            assertThat(count("SELECT count(*) FROM exchange_recommendations WHERE product_id = ?", p)).isZero();
        }
        Api.Response unknown = recommend("applicant", "prod-none", body("Ningbo Data Exchange"));
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void rolesOrganizationsAndJurisdictionsAreChecked() {
        String p = product("LISTED");
        assertThat(recommend("engineer", p, body("X")).code()).isEqualTo("FORBIDDEN_ROLE");
        assertThat(recommend("expert", p, body("X")).code()).isEqualTo("FORBIDDEN_ROLE");
        // Another operator's accountable person, and a county authority for a municipal grant.
        Api.Response other = recommend("applicant2", p, body("X"));
        assertThat(other.status()).as(other.toString()).isEqualTo(403);
        Api.Response county = recommend("county-admin", p, body("X"));
        assertThat(county.status()).as(county.toString()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM exchange_recommendations WHERE product_id = ?", p)).isZero();

        String id = ok(recommend("applicant", p, body("Ningbo Data Exchange"))).json().path("id").asString();
        // The operator does not export or answer for the exchange; outsiders do not even see it.
        assertThat(api.post("applicant", BASE + id + "/submit", null).code()).isEqualTo("FORBIDDEN_ROLE");
        assertThat(api.post("applicant", BASE + id + "/registration", Map.of("registrationNumber", "N1")).code())
                .isEqualTo("FORBIDDEN_ROLE");
        assertThat(api.post("county-admin", BASE + id + "/submit", null).status()).isEqualTo(404);
        assertThat(api.get("applicant2", BASE + id).status()).isEqualTo(404);
        assertThat(api.get("applicant2", BASE + id + "/export").status()).isEqualTo(404);
        assertThat(api.post("applicant2", BASE + id + "/withdraw", null).status()).isEqualTo(404);
        assertThat(ok(api.get("applicant2", "/api/v1/exchange-recommendations?productId=" + p)).json()).isEmpty();
        assertThat(ok(api.get("security", BASE + id)).json().path("state").asString()).isEqualTo("RECOMMENDED");
        assertThat(ok(api.get("admin", BASE + id)).json().path("state").asString()).isEqualTo("RECOMMENDED");
    }

    @Test
    void badInputIsRefusedWithItsCodeAndChangesNothing() {
        String p = product("LISTED");
        for (Object bad : List.of(Map.of("exchange", "  "), Map.of("exchange", "x".repeat(201)),
                Map.of("exchange", "Ningbo\u0000Exchange"), Map.of("exchange", "N", "note", "n".repeat(1001)))) {
            Api.Response refused = recommend("applicant", p, bad);
            assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
            // A control character is already refused at the edge (INVALID_FIELD), before the service sees it.
            assertThat(refused.code()).isIn("EXCHANGE_INPUT_INVALID", "INVALID_FIELD");
        }
        Api.Response unknownField = recommend("applicant", p, Map.of("exchange", "N", "price", 3));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(count("SELECT count(*) FROM exchange_recommendations WHERE product_id = ?", p)).isZero();

        String id = ok(recommend("applicant", p, body("Ningbo Data Exchange"))).json().path("id").asString();
        Api.Response duplicate = recommend("admin", p, body("ningbo data exchange"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.code()).isEqualTo("EXCHANGE_RECOMMENDATION_OPEN");
        // Another exchange is a recommendation of its own.
        ok(recommend("applicant", p, body("Hangzhou Data Exchange")));

        ok(api.post("admin", BASE + id + "/submit", null));
        for (Object bad : List.of(Map.of("registrationNumber", ""), Map.of("registrationNumber", "-x"),
                Map.of("registrationNumber", "a b"), Map.of("registrationNumber", "n".repeat(65)))) {
            Api.Response refused = api.post("admin", BASE + id + "/registration", bad);
            assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("EXCHANGE_INPUT_INVALID");
        }
        Api.Response noReason = api.post("admin", BASE + id + "/rejection", Map.of("reason", " "));
        assertThat(noReason.code()).isEqualTo("EXCHANGE_INPUT_INVALID");
        assertThat(ok(api.get("admin", BASE + id)).json().path("state").asString()).isEqualTo("SUBMITTED");
        assertThat(api.get("admin", BASE + "exr-none").status()).isEqualTo(404);
        assertThat(api.get("admin", "/api/v1/exchange-recommendations?state=LOST").status()).isEqualTo(400);
    }

    @Test
    void rejectionAndWithdrawalEndTheRecommendationWithAReason() {
        String p = product("LISTED");
        String declined = ok(recommend("applicant", p, body("Exchange A"))).json().path("id").asString();
        JsonNode d = ok(api.post("admin", BASE + declined + "/rejection", Map.of("reason", "not selected this round")))
                .json();
        assertThat(d.path("state").asString()).isEqualTo("REJECTED");
        assertThat(d.path("reason").asString()).isEqualTo("not selected this round");
        assertThat(api.get("admin", BASE + declined + "/export").code()).isEqualTo("ILLEGAL_EXCHANGE_TRANSITION");

        String refused = ok(recommend("applicant", p, body("Exchange B"))).json().path("id").asString();
        ok(api.post("admin", BASE + refused + "/submit", null));
        assertThat(ok(api.post("admin", BASE + refused + "/rejection", Map.of("reason", "duplicate listing at the"
                + " exchange"))).json().path("state").asString()).isEqualTo("REJECTED");

        String withdrawn = ok(recommend("applicant", p, body("Exchange C"))).json().path("id").asString();
        JsonNode w = ok(api.post("applicant", BASE + withdrawn + "/withdraw", Map.of("reason", "price changed"))).json();
        assertThat(w.path("state").asString()).isEqualTo("WITHDRAWN");
        assertThat(api.post("admin", BASE + withdrawn + "/submit", null).code()).isEqualTo("ILLEGAL_EXCHANGE_TRANSITION");
        assertThat(count("SELECT count(*) FROM notifications WHERE subject_id = ? AND kind = 'exchange.withdrawn'",
                withdrawn)).isEqualTo(1);
    }

    @Test
    void aProductDelistedAfterTheRecommendationIsNotExported() {
        String p = product("LISTED");
        String id = ok(recommend("applicant", p, body("Ningbo Data Exchange"))).json().path("id").asString();
        jdbc.sql("UPDATE products SET state = 'DELISTED' WHERE id = ?").param(p).update();
        Api.Response refused = api.post("admin", BASE + id + "/submit", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("EXCHANGE_PRODUCT_NOT_LISTED");
        JsonNode r = ok(api.get("admin", BASE + id)).json();
        assertThat(r.path("state").asString()).isEqualTo("RECOMMENDED");
        assertThat(r.path("exportSha256").isNull() || r.path("exportSha256").isMissingNode()).isTrue();
        assertThat(count("SELECT count(*) FROM audit_log WHERE subject_id = ? AND action = 'exchange.submit'"
                + " AND outcome = 'DONE'", id)).isZero();
    }
}

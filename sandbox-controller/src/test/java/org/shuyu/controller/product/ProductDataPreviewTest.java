package org.shuyu.controller.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.Jobs.spec;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.util.ArrayList;
import java.util.List;
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
import tools.jackson.databind.JsonNode;

/**
 * Issue 18, R-19b: an expert reviewer reads a candidate's frozen data (GET /api/v1/products/{id}/data) within the
 * preview cap; the rows are the snapshot's, not the live table's; a draft has no data yet; outsiders get 404 and
 * other roles 403; every read is audited.
 */
@PlatformTest
@Tag("R-19b")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductDataPreviewTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    Api api;
    LifecycleFixture fx;
    String grant;
    String checked;
    String draft;

    @BeforeAll
    void aCheckedCandidateAndADraft() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
        grant = fx.activeGrant("enterprise counts by industry " + fx.unique("s"), List.of("registry.enterprises"));
        JsonNode job = Jobs.await(api, "engineer", Jobs.submit(api, "engineer", grant, spec("preview-tables",
                "CREATE TABLE by_industry AS SELECT industry, count(*) AS n, avg(registered_capital) AS avg_capital"
                        + " FROM registry.enterprises GROUP BY industry")));
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        checked = Products.create(api, grant, "by-industry", "DATA_PACKAGE", "by_industry", "n");
        JsonNode p = Products.submitAndAwait(api, checked);
        assertThat(p.path("state").asString()).as(p.toString()).isEqualTo("IN_REVIEW");
        draft = Products.create(api, grant, "draft", "DATA_PACKAGE", "by_industry", "n");
        // The live table changes after the snapshot: the reviewer still reads the frozen rows.
        JsonNode change = Jobs.await(api, "engineer", Jobs.submit(api, "engineer", grant, spec("preview-change",
                "INSERT INTO by_industry VALUES ('extra', 99, 1.0)")));
        assertThat(change.path("state").asString()).as(change.toString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void anExpertReadsTheSnapshotRowsWithinTheCap() {
        JsonNode data = ok(api.get("expert", "/api/v1/products/" + checked + "/data")).json();
        List<String> columns = new ArrayList<>();
        data.path("columns").forEach(c -> columns.add(c.path("name").asString()));
        assertThat(columns).containsExactly("industry", "n", "avg_capital");
        assertThat(data.path("totalRows").asLong()).isEqualTo(8);
        assertThat(data.path("rows")).hasSize(8);
        assertThat(data.path("truncated").asBoolean()).isFalse();
        assertThat(data.path("cap").asInt()).isEqualTo(100);
        long total = 0;
        for (JsonNode row : data.path("rows")) {
            assertThat(row).hasSize(3);
            assertThat(row.get(0).asString()).isNotEqualTo("extra");
            total += row.get(1).asLong();
        }
        assertThat(total).isEqualTo(200); // 8 industries of 25 enterprises each

        JsonNode two = ok(api.get("expert2", "/api/v1/products/" + checked + "/data?limit=2")).json();
        assertThat(two.path("rows")).hasSize(2);
        assertThat(two.path("truncated").asBoolean()).isTrue();
        // The grant's engineer reads it too (the review file is theirs).
        assertThat(api.get("engineer", "/api/v1/products/" + checked + "/data").status()).isEqualTo(200);
    }

    @Test
    void aLimitOutsideTheCapADraftAndOutsidersAreRefused() {
        Api.Response over = api.get("expert", "/api/v1/products/" + checked + "/data?limit=101");
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.code()).isEqualTo("INVALID_REQUEST");
        Api.Response notFrozen = api.get("expert", "/api/v1/products/" + draft + "/data");
        assertThat(notFrozen.status()).as(notFrozen.toString()).isEqualTo(409);
        assertThat(notFrozen.code()).isEqualTo("PRODUCT_NOT_FROZEN");
        // Not a member of this grant: the product does not exist for them (no existence oracle).
        Api.Response stranger = api.get("engineer2", "/api/v1/products/" + checked + "/data");
        assertThat(stranger.status()).as(stranger.toString()).isEqualTo(404);
        // A provider is not a product reader.
        assertThat(api.get("provider", "/api/v1/products/" + checked + "/data").status()).isEqualTo(403);
    }

    @Test
    void everyReadIsAudited() {
        ok(api.get("expert", "/api/v1/products/" + checked + "/data?limit=1"));
        int reads = jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'product.preview' AND subject_id = ?"
                + " AND actor = 'expert'").param(checked).query(Integer.class).single();
        assertThat(reads).isGreaterThanOrEqualTo(1);
    }
}

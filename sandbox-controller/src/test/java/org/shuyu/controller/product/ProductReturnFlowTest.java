package org.shuyu.controller.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.Jobs.spec;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.notification.Todo;
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
 * Issue 20, R-19b: a product review that can review. An expert returns a candidate for revision with a required
 * comment (RETURNED); the operator resubmits it as revision 2 (a new job's output, a new snapshot, the checks again,
 * a fresh review round where revision 1's approval does not count; revision 1's reviews stay as history); the
 * resubmitted revision's freeze is what the lineage records; reviewers read per-column statistics; the experts, the
 * operator and the authority are notified and see it on their to-do lists; a returned candidate not resubmitted by
 * its deadline is withdrawn by the scheduler. Refusals: wrong role, outsider, wrong state, no comment.
 */
@PlatformTest
@Tag("R-19b")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductReturnFlowTest {
    private static final Actor ENGINEER = new Actor("engineer", "engineer", Set.of(Role.ENGINEER),
            Optional.of(Jurisdiction.MUNICIPAL));
    private static final Actor EXPERT = new Actor("expert", "expert", Set.of(Role.EXPERT),
            Optional.of(Jurisdiction.MUNICIPAL));
    private static final Actor ADMIN = new Actor("admin", "admin", Set.of(Role.AUTHORITY),
            Optional.of(Jurisdiction.MUNICIPAL));

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    ProductTodos todos;
    @Autowired
    ProductReturnDeadlines deadlines;

    Api api;
    LifecycleFixture fx;
    String grant;
    String product;
    String late;
    String firstSha;

    @BeforeAll
    void aCandidateInReview() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
        grant = fx.activeGrant("enterprise counts by industry " + fx.unique("s"), List.of("registry.enterprises"));
        JsonNode job = Jobs.await(api, "engineer", Jobs.submit(api, "engineer", grant, spec("return-tables",
                "CREATE TABLE counts AS SELECT industry, count(*) AS n FROM registry.enterprises GROUP BY industry")));
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        product = Products.create(api, grant, "counts", "DATA_PACKAGE", "counts", "n");
        late = Products.create(api, grant, "late", "DATA_PACKAGE", "counts", "n");
        for (String id : List.of(product, late)) { // both frozen and checked at once
            Api.Response submitted = api.post("engineer", "/api/v1/products/" + id + "/submit", null);
            assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
        }
        for (String id : List.of(product, late)) {
            JsonNode p = awaitChecked(id);
            assertThat(p.path("state").asString()).as(p.toString()).isEqualTo("IN_REVIEW");
        }
        firstSha = ok(api.get("expert", "/api/v1/products/" + product)).json().path("snapshot").path("sha256").asString();
    }

    @Test
    @Order(1)
    void reviewersAreToldAndSeeTheCandidateOnTheirToDoList() {
        assertThat(notices("product.review", product, null)).isGreaterThanOrEqualTo(1);
        assertThat(todos.pending(EXPERT)).extracting(Todo::subjectId).contains(product, late);
        assertThat(todos.pending(ENGINEER)).extracting(Todo::subjectId).doesNotContain(product);
    }

    @Test
    @Order(2)
    void aReturnNeedsAnExpertAndAComment() {
        Api.Response none = api.post("expert", "/api/v1/products/" + product + "/return", Map.of("comment", "  "));
        assertThat(none.status()).as(none.toString()).isEqualTo(400);
        assertThat(none.code()).isEqualTo("RETURN_COMMENT_REQUIRED");
        Api.Response engineer = api.post("engineer", "/api/v1/products/" + product + "/return",
                Map.of("comment", "mine"));
        assertThat(engineer.status()).isEqualTo(403);
        Api.Response early = api.post("engineer", "/api/v1/products/" + product + "/resubmit", Map.of());
        assertThat(early.status()).as(early.toString()).isEqualTo(409);
        assertThat(early.code()).isEqualTo("ILLEGAL_PRODUCT_TRANSITION");
        assertThat(state(product)).isEqualTo("IN_REVIEW");
    }

    @Test
    @Order(3)
    void anExpertReturnsTheCandidateAndTheOperatorIsToldWithADeadline() {
        ok(api.post("expert", "/api/v1/products/" + product + "/reviews", Map.of("decision", "APPROVE",
                "comment", "fine")));
        JsonNode p = ok(api.post("expert2", "/api/v1/products/" + product + "/return",
                Map.of("comment", "please add the district breakdown"))).json();
        assertThat(p.path("state").asString()).isEqualTo("RETURNED");
        assertThat(p.path("revision").asInt()).isEqualTo(2);
        assertThat(p.path("resubmitBy").isMissingNode() || p.path("resubmitBy").isNull()).isFalse();
        assertThat(p.path("reviews")).hasSize(2);
        assertThat(p.path("reviews").get(1).path("decision").asString()).isEqualTo("RETURN");
        assertThat(p.path("reviews").get(1).path("comment").asString()).isEqualTo("please add the district breakdown");
        assertThat(notices("product.returned", product, "engineer")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'product.return' AND subject_id = ?")
                .param(product).query(Integer.class).single()).isEqualTo(1);
        List<Todo> engineer = todos.pending(ENGINEER);
        assertThat(engineer).filteredOn(t -> t.subjectId().equals(product)).singleElement()
                .satisfies(t -> {
                    assertThat(t.action()).isEqualTo("resubmit");
                    assertThat(t.due()).isPresent();
                    assertThat(t.overdue()).isFalse();
                });
        assertThat(todos.pending(EXPERT)).extracting(Todo::subjectId).doesNotContain(product);
    }

    @Test
    @Order(4)
    void aReturnedCandidateCannotBeReviewedAndOnlyItsOperatorResubmits() {
        Api.Response review = api.post("expert", "/api/v1/products/" + product + "/reviews",
                Map.of("decision", "APPROVE", "comment", "x"));
        assertThat(review.status()).isEqualTo(409);
        assertThat(review.code()).isEqualTo("ILLEGAL_PRODUCT_TRANSITION");
        assertThat(api.post("expert", "/api/v1/products/" + product + "/resubmit", Map.of()).status()).isEqualTo(403);
        assertThat(api.post("engineer2", "/api/v1/products/" + product + "/resubmit", Map.of()).status())
                .isEqualTo(404);
        Api.Response badJob = api.post("engineer", "/api/v1/products/" + product + "/resubmit",
                Map.of("job", "no such job!"));
        assertThat(badJob.status()).isEqualTo(400);
        assertThat(state(product)).isEqualTo("RETURNED");
    }

    @Test
    @Order(5)
    void theResubmittedRevisionIsFrozenCheckedAndReviewedAfresh() {
        JsonNode change = Jobs.await(api, "engineer", Jobs.submit(api, "engineer", grant, spec("return-revise",
                "INSERT INTO counts SELECT 'all industries' AS industry, count(*) AS n FROM registry.enterprises")));
        assertThat(change.path("state").asString()).as(change.toString()).isEqualTo("SUCCEEDED");
        Api.Response resubmitted = api.post("engineer", "/api/v1/products/" + product + "/resubmit",
                Map.of("job", change.path("id").asString()));
        assertThat(resubmitted.status()).as(resubmitted.toString()).isEqualTo(202);
        JsonNode p = awaitChecked(product);
        assertThat(p.path("state").asString()).as(p.toString()).isEqualTo("IN_REVIEW");
        assertThat(p.path("revision").asInt()).isEqualTo(2);
        String jobId = p.path("snapshot").path("jobId").asString();
        // revision 2's freeze is recorded in the lineage, by its own snapshot job
        assertThat(jdbc.sql("SELECT count(*) FROM lineage_processes WHERE job_id = ? AND statement = 'FREEZE'")
                .param("product:" + product + "~r2").query(Integer.class).single()).isEqualTo(1);
        assertThat(p.path("snapshot").path("sha256").asString()).isNotEqualTo(firstSha);
        assertThat(jobId).isNotBlank();
        // The history stays: revision 1's approval and return; the new round starts empty.
        List<String> history = new ArrayList<>();
        p.path("reviews").forEach(r -> history.add(r.path("revision").asInt() + ":" + r.path("decision").asString()));
        assertThat(history).containsExactly("1:APPROVE", "1:RETURN");
        // Revision 1's approval does not count: one approval in revision 2 does not approve.
        ok(api.post("expert", "/api/v1/products/" + product + "/reviews", Map.of("decision", "APPROVE", "comment", "ok")));
        assertThat(state(product)).isEqualTo("IN_REVIEW");
        JsonNode approved = ok(api.post("expert2", "/api/v1/products/" + product + "/reviews",
                Map.of("decision", "APPROVE", "comment", "ok now"))).json();
        assertThat(approved.path("state").asString()).isEqualTo("APPROVED");
        assertThat(notices("product.approved", product, "engineer")).isEqualTo(1);
        assertThat(notices("product.list", product, null)).isEqualTo(1);
        assertThat(todos.pending(ADMIN)).extracting(Todo::subjectId).contains(product);
        ok(api.post("admin", "/api/v1/products/" + product + "/list", null));
        // The listing copies revision 2's product columns.
        assertThat(state(product)).isEqualTo("LISTED");
    }

    @Test
    @Order(6)
    void reviewersReadStatisticsWithSmallCountsHidden() {
        JsonNode stats = ok(api.get("expert", "/api/v1/products/" + late + "/statistics")).json();
        assertThat(stats.path("rows").asLong()).isEqualTo(8);
        int k = stats.path("k").asInt();
        assertThat(k).isGreaterThanOrEqualTo(2);
        JsonNode industry = column(stats, "industry");
        assertThat(industry.path("count").asLong()).isEqualTo(8);
        assertThat(industry.path("distinct").asLong()).isEqualTo(8);
        // Each industry is one row of the snapshot: fewer than k, so no value is shown with its count.
        assertThat(industry.path("top")).isEmpty();
        assertThat(industry.path("hidden").asInt()).isEqualTo(8);
        JsonNode n = column(stats, "n");
        assertThat(n.path("min").asDouble()).isEqualTo(25.0);
        assertThat(n.path("mean").asDouble()).isEqualTo(25.0);
        // Computed once: stored per snapshot digest, and read again from there.
        ok(api.get("expert2", "/api/v1/products/" + late + "/statistics"));
        assertThat(jdbc.sql("SELECT count(*) FROM product_statistics WHERE product_id = ?").param(late)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(api.get("provider", "/api/v1/products/" + late + "/statistics").status()).isEqualTo(403);
        assertThat(api.get("engineer2", "/api/v1/products/" + late + "/statistics").status()).isEqualTo(404);
    }

    @Test
    @Order(7)
    void aReturnedCandidateNotResubmittedInTimeIsWithdrawn() {
        ok(api.post("expert", "/api/v1/products/" + late + "/return", Map.of("comment", "needs a description")));
        assertThat(deadlines.runOnce()).isZero();
        assertThat(state(late)).isEqualTo("RETURNED");
        try {
            clock.advance(Duration.ofDays(31));
            assertThat(todos.pending(ENGINEER)).filteredOn(t -> t.subjectId().equals(late))
                    .singleElement().satisfies(t -> assertThat(t.overdue()).isTrue());
            assertThat(deadlines.runOnce()).isEqualTo(1);
        } finally {
            clock.reset();
        }
        assertThat(state(late)).isEqualTo("WITHDRAWN");
        assertThat(notices("product.return-expired", late, "engineer")).isEqualTo(1);
        Api.Response resubmit = api.post("engineer", "/api/v1/products/" + late + "/resubmit", Map.of());
        assertThat(resubmit.status()).isEqualTo(409);
    }

    private static JsonNode column(JsonNode stats, String name) {
        for (JsonNode c : stats.path("columns")) {
            if (c.path("name").asString().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no column " + name + " in " + stats);
    }

    private String state(String id) {
        return ok(api.get("expert", "/api/v1/products/" + id)).json().path("state").asString();
    }

    private int notices(String kind, String subject, String user) {
        return jdbc.sql("SELECT count(*) FROM notifications WHERE kind = ? AND subject_id = ?"
                        + (user == null ? " AND recipient_user IS NULL" : " AND recipient_user = '" + user + "'"))
                .params(kind, subject).query(Integer.class).single();
    }

    private JsonNode awaitChecked(String id) {
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode p = ok(api.get("engineer", "/api/v1/products/" + id)).json();
            String s = p.path("state").asString();
            if (!s.equals("SUBMITTED") && !s.equals("CHECKING")) {
                return p;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("product " + id + " was not checked in time");
    }
}

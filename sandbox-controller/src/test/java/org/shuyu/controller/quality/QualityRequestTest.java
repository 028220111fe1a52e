package org.shuyu.controller.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
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

/**
 * Data quality requests through the real HTTP API: the whole path from filing to confirmation, each refusal,
 * the overdue mark driven by the test clock, and the provider evaluation computed from real requests.
 */
@PlatformTest
@Tag("R-20")
class QualityRequestTest {
    private static final String BASE = "/api/v1/quality-requests";
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    QualityScheduler scheduler;
    @Autowired
    QualityTodos todos;
    @Autowired
    QualityService service;

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

    /** A provider of its own (so its evaluation counts only this test's requests) in {@code jurisdiction}. */
    private String provider(String jurisdiction) {
        String id = fx.unique("qp").toLowerCase().replace('_', '-');
        ok(api.post("admin", "/api/v1/providers", Map.of("id", id, "name", "Quality test bureau " + id, "jurisdiction",
                jurisdiction, "description", "test")));
        return id;
    }

    private String dataset(String providerId) {
        String id = fx.unique("qds").toLowerCase() + ".records";
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("providerId", providerId);
        body.put("title", "Quality test dataset " + id);
        body.put("description", "synthetic dataset of a quality request test");
        body.put("openness", "CONDITIONAL");
        body.put("category", "test");
        body.put("personLevel", false);
        body.put("rowCount", 10);
        body.put("columns", List.of(Map.of("name", "uscc", "type", "string", "description", "enterprise code",
                "classification", "PUBLIC", "grade", 1)));
        ok(api.post("admin", "/api/v1/datasets", body));
        return id;
    }

    private static Map<String, Object> filing(String grant, String dataset, String kind, String target, String description) {
        Map<String, Object> body = new HashMap<>();
        body.put("grantId", grant);
        body.put("datasetId", dataset);
        body.put("targetKind", kind);
        body.put("target", target);
        body.put("description", description);
        body.put("evidence", "profile of the column shows the share of malformed codes rising since the last delivery");
        return body;
    }

    private String file(String user, String grant, String dataset) {
        Api.Response r = api.post(user, BASE, filing(grant, dataset, "COLUMN", "uscc",
                "about 3% of codes fail the check character of GB 32100"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    private JsonNode get(String user, String id) {
        return ok(api.get(user, BASE + "/" + id)).json();
    }

    private List<String> audited(String id) {
        return jdbc.sql("SELECT action FROM audit_log WHERE subject_type = 'quality-request' AND subject_id = ? ORDER BY seq")
                .param(id).query(String.class).list();
    }

    private List<String> notices(String id) {
        return jdbc.sql("SELECT kind || ':' || COALESCE(recipient_user, recipient_role || '@' || recipient_jurisdiction)"
                        + " FROM notifications WHERE subject_type = 'quality-request' AND subject_id = ? ORDER BY id")
                .param(id).query(String.class).list();
    }

    private long requestsOf(String grant) {
        return jdbc.sql("SELECT COUNT(*) FROM quality_requests WHERE grant_id = ?").param(grant).query(Long.class).single();
    }

    private static Actor provider(String userId, String jurisdiction) {
        return new Actor(userId, "provider " + userId, Set.of(Role.PROVIDER), Optional.of(new Jurisdiction(jurisdiction)));
    }

    @Test
    void fileAcknowledgeFixReopenFixConfirmEachAuditedAndNotified() {
        String ds = dataset(provider("330200"));
        String grant = fx.activeGrant("quality path", List.of(ds));
        Instant before = clock.instant();
        String id = file("engineer", grant, ds);

        JsonNode filed = get("engineer", id);
        assertThat(filed.path("state").asString()).isEqualTo("OPEN");
        assertThat(filed.path("filedBy").asString()).isEqualTo("engineer");
        assertThat(Instant.parse(filed.path("dueAt").asString())).isBetween(before.plus(Duration.ofDays(15)).minusSeconds(5),
                clock.instant().plus(Duration.ofDays(15)));
        assertThat(notices(id)).containsExactly("quality.filed:PROVIDER@330200");
        assertThat(todos.pending(provider("provider", "330200"))).extracting(Todo::subjectId, Todo::action).contains(
                tuple(id, "answer"));
        assertThat(get("provider", id).path("id").asString()).isEqualTo(id);
        assertThat(get("admin", id).path("id").asString()).isEqualTo(id);
        assertThat(get("applicant", id).path("id").asString()).isEqualTo(id);

        assertThat(ok(api.post("provider", BASE + "/" + id + "/acknowledge", null)).json().path("state").asString())
                .isEqualTo("ACKNOWLEDGED");
        JsonNode fixed = ok(api.post("provider", BASE + "/" + id + "/fix", Map.of("note", "check character recomputed at source",
                "dataSha256", "AB".repeat(32)))).json();
        assertThat(fixed.path("state").asString()).isEqualTo("FIXED");
        assertThat(fixed.path("answer").path("dataSha256").asString()).isEqualTo("ab".repeat(32));
        assertThat(fixed.path("answer").path("late").asBoolean()).isFalse();
        assertThat(todos.pending(new Actor("engineer", "e", Set.of(Role.ENGINEER), Optional.of(Jurisdiction.MUNICIPAL))))
                .extracting(Todo::subjectId, Todo::action).contains(tuple(id, "confirm"));

        JsonNode reopened = ok(api.post("engineer", BASE + "/" + id + "/reopen",
                Map.of("reason", "codes of the second district still fail"))).json();
        assertThat(reopened.path("state").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(reopened.path("reopened").asInt()).isEqualTo(1);
        ok(api.post("provider", BASE + "/" + id + "/fix", Map.of("note", "second district recomputed too")));
        JsonNode confirmed = ok(api.post("engineer", BASE + "/" + id + "/confirm", null)).json();
        assertThat(confirmed.path("state").asString()).isEqualTo("CONFIRMED");
        assertThat(confirmed.path("closedAt").isNull()).isFalse();

        assertThat(audited(id)).containsExactly("quality.file", "quality.acknowledge", "quality.fix", "quality.reopen",
                "quality.fix", "quality.confirm");
        assertThat(notices(id)).containsExactly("quality.filed:PROVIDER@330200", "quality.fixed:engineer",
                "quality.reopened:PROVIDER@330200", "quality.fixed:engineer");
        // No text of the request reaches the audit log or the notices.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE subject_id = ? AND (detail LIKE '%GB 32100%'"
                + " OR detail LIKE '%recomputed%' OR detail LIKE '%district%')").param(id).query(Long.class).single()).isZero();
    }

    @Test
    void theOperatorWithdrawsAnOpenRequestAndARejectionIsConfirmed() {
        String ds = dataset(provider("330200"));
        String grant = fx.activeGrant("quality withdraw", List.of(ds));
        String withdrawn = file("applicant", grant, ds);
        assertThat(ok(api.post("engineer", BASE + "/" + withdrawn + "/withdraw", null)).json().path("state").asString())
                .isEqualTo("WITHDRAWN");
        String rejected = file("engineer", grant, ds);
        assertThat(api.post("provider", BASE + "/" + rejected + "/reject", Map.of("reason", " ")).code())
                .isEqualTo("QUALITY_NOTE_REQUIRED");
        JsonNode r = ok(api.post("provider", BASE + "/" + rejected + "/reject",
                Map.of("reason", "the codes follow the registry as issued; the check applies from 2015-10-01 only"))).json();
        assertThat(r.path("state").asString()).isEqualTo("REJECTED");
        assertThat(r.path("answer").path("kind").asString()).isEqualTo("REJECTED");
        assertThat(ok(api.post("applicant", BASE + "/" + rejected + "/confirm", null)).json().path("state").asString())
                .isEqualTo("CONFIRMED");
        assertThat(audited(rejected)).containsExactly("quality.file", "quality.reject", "quality.confirm");
        assertThat(notices(rejected)).containsExactly("quality.filed:PROVIDER@330200", "quality.rejected:engineer");
    }

    @Test
    void refusalsChangeNothing() {
        String ds = dataset(provider("330200"));
        String notGranted = dataset(provider("330200"));
        String grant = fx.activeGrant("quality refusals", List.of(ds));
        String id = file("engineer", grant, ds);
        long before = requestsOf(grant);

        // wrong role
        assertThat(api.post("provider", BASE, filing(grant, ds, "COLUMN", "uscc", "wrong role")).status()).isEqualTo(403);
        assertThat(api.post("admin", BASE, filing(grant, ds, "COLUMN", "uscc", "wrong role")).status()).isEqualTo(403);
        assertThat(api.post("engineer", BASE + "/" + id + "/acknowledge", null).status()).isEqualTo(403);
        assertThat(api.post("provider", BASE + "/" + id + "/confirm", null).status()).isEqualTo(403);
        assertThat(api.get("expert", BASE + "/" + id).status()).isEqualTo(403);
        assertThat(api.get("provider", "/api/v1/providers/x/quality-evaluation").status()).isEqualTo(404);
        assertThat(api.get("engineer", "/api/v1/providers/market-regulation/quality-evaluation").status()).isEqualTo(403);
        // not granted, another operator's grant
        Api.Response notG = api.post("engineer", BASE, filing(grant, notGranted, "COLUMN", "uscc", "not granted"));
        assertThat(notG.status()).isEqualTo(403);
        assertThat(notG.code()).isEqualTo("QUALITY_DATASET_NOT_GRANTED");
        assertThat(api.post("engineer2", BASE, filing(grant, ds, "COLUMN", "uscc", "other operator")).status()).isEqualTo(404);
        assertThat(api.post("applicant2", BASE, filing(grant, ds, "COLUMN", "uscc", "other operator")).status()).isEqualTo(404);
        assertThat(api.get("engineer2", BASE + "/" + id).status()).isEqualTo(404);
        assertThat(api.post("engineer2", BASE + "/" + id + "/withdraw", null).status()).isEqualTo(404);
        assertThat(api.post("engineer", BASE, filing("no-such-grant", ds, "COLUMN", "uscc", "x")).status()).isEqualTo(404);
        // bad input
        assertThat(api.post("engineer", BASE, filing(grant, ds, "TABLE", "uscc", "bad kind")).code())
                .isEqualTo("QUALITY_TARGET_INVALID");
        assertThat(api.post("engineer", BASE, filing(grant, ds, "COLUMN", "no_such_column", "bad column")).code())
                .isEqualTo("QUALITY_TARGET_INVALID");
        assertThat(api.post("engineer", BASE, filing(grant, ds, "RULE", "codes must be unique", " ")).code())
                .isEqualTo("QUALITY_TEXT_INVALID");
        assertThat(api.post("engineer", BASE, filing(grant, ds, "RULE", "x".repeat(501), "too long a target")).code())
                .isEqualTo("QUALITY_TEXT_INVALID");
        Map<String, Object> badSha = filing(grant, ds, "COLUMN", "uscc", "bad evidence hash");
        badSha.put("evidenceSha256", "not-a-hash");
        assertThat(api.post("engineer", BASE, badSha).code()).isEqualTo("QUALITY_TEXT_INVALID");
        assertThat(api.post("engineer", BASE, null).status()).isEqualTo(400);
        // values in the texts
        for (String value : List.of("the row of 330203199001011234 is wrong", "phone 138 0013 8000 is listed twice",
                "contact zhang.san@example.com has a bad code", "code 91330200MA2H0WXY1C fails")) {
            Api.Response r = api.post("engineer", BASE, filing(grant, ds, "ROWS", "rows of one district", value));
            assertThat(r.status()).as(value).isEqualTo(400);
            assertThat(r.code()).as(value).isEqualTo("QUALITY_VALUES_IN_TEXT");
        }
        assertThat(api.post("engineer", BASE, filing(grant, ds, "ROWS", "rows with phone 0574-87654321", "x")).code())
                .isEqualTo("QUALITY_VALUES_IN_TEXT");
        // wrong state
        Api.Response confirmOpen = api.post("engineer", BASE + "/" + id + "/confirm", null);
        assertThat(confirmOpen.status()).isEqualTo(409);
        assertThat(confirmOpen.code()).isEqualTo("QUALITY_ILLEGAL_TRANSITION");
        assertThat(api.post("provider", BASE + "/" + id + "/fix", Map.of("note", "n")).code()).isEqualTo("QUALITY_ILLEGAL_TRANSITION");
        ok(api.post("provider", BASE + "/" + id + "/acknowledge", null));
        assertThat(api.post("engineer", BASE + "/" + id + "/withdraw", null).code()).isEqualTo("QUALITY_ILLEGAL_TRANSITION");
        assertThat(api.post("provider", BASE + "/" + id + "/acknowledge", null).code()).isEqualTo("QUALITY_ILLEGAL_TRANSITION");
        assertThat(api.post("provider", BASE + "/" + id + "/fix", Map.of()).code()).isEqualTo("QUALITY_NOTE_REQUIRED");
        assertThat(api.post("provider", BASE + "/" + id + "/fix", Map.of("note", "fixed row 13800138000")).code())
                .isEqualTo("QUALITY_VALUES_IN_TEXT");

        assertThat(requestsOf(grant)).isEqualTo(before);
        assertThat(get("engineer", id).path("state").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(audited(id)).containsExactly("quality.file", "quality.acknowledge");
        // a dated description is not a value
        assertThat(api.post("engineer", BASE, filing(grant, ds, "RULE", "registration date not before establishment",
                "since 2024-01-01 about 12 rows per 1000 break it")).status()).isEqualTo(201);
    }

    @Test
    void aProviderAnswersOnlyForItsJurisdictionAndTheAuthorityDoesNotAnswer() {
        String zhenhai = provider("330211");
        String ds = dataset(zhenhai);
        String grant = fx.activeGrant("quality jurisdiction", List.of(ds));
        String id = file("engineer", grant, ds);
        assertThatThrownBy(() -> service.acknowledge(provider("yinzhou-clerk", "330212"), id))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        Actor admin = new Actor("admin", "admin", Set.of(Role.AUTHORITY), Optional.of(Jurisdiction.MUNICIPAL));
        assertThatThrownBy(() -> service.acknowledge(admin, id))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUALITY_NOT_PROVIDER));
        assertThat(service.acknowledge(provider("zhenhai-clerk", "330211"), id).state()).isEqualTo(QualityState.ACKNOWLEDGED);
        assertThat(notices(id)).containsExactly("quality.filed:PROVIDER@330211");
        Api.Response county = api.get("county-admin", "/api/v1/providers/" + zhenhai + "/quality-evaluation");
        assertThat(county.status()).isEqualTo(403);
        assertThat(county.code()).isEqualTo("OUTSIDE_JURISDICTION");
    }

    @Test
    void theSchedulerMarksAMissedDeadlineOnceAndTheLateFixCounts() {
        String ds = dataset(provider("330200"));
        String grant = fx.activeGrant("quality overdue", List.of(ds));
        String id = file("engineer", grant, ds);
        scheduler.runOnce();
        assertThat(get("provider", id).path("overdue").asBoolean()).isFalse();

        clock.advance(Duration.ofDays(16));
        scheduler.runOnce();
        JsonNode overdue = get("provider", id);
        assertThat(overdue.path("overdue").asBoolean()).isTrue();
        assertThat(overdue.path("state").asString()).isEqualTo("OPEN");
        scheduler.runOnce();
        assertThat(audited(id)).containsExactly("quality.file", "quality.overdue");
        assertThat(jdbc.sql("SELECT actor FROM audit_log WHERE subject_id = ? AND action = 'quality.overdue'").param(id)
                .query(String.class).single()).isEqualTo("system:scheduler");
        assertThat(notices(id)).containsExactly("quality.filed:PROVIDER@330200", "quality.overdue:PROVIDER@330200",
                "quality.overdue:AUTHORITY@330200");
        assertThat(todos.pending(provider("provider", "330200"))).filteredOn(t -> t.subjectId().equals(id))
                .singleElement().satisfies(t -> assertThat(t.overdue()).isTrue());

        ok(api.post("provider", BASE + "/" + id + "/acknowledge", null));
        JsonNode fixed = ok(api.post("provider", BASE + "/" + id + "/fix", Map.of("note", "late fix"))).json();
        assertThat(fixed.path("answer").path("late").asBoolean()).isTrue();
        // A reopening sets a new deadline and clears the mark.
        JsonNode reopened = ok(api.post("engineer", BASE + "/" + id + "/reopen", Map.of("reason", "still failing"))).json();
        assertThat(reopened.path("overdue").asBoolean()).isFalse();
        assertThat(Instant.parse(reopened.path("dueAt").asString())).isAfter(clock.instant().plus(Duration.ofDays(14)));
    }

    @Test
    void theEvaluationCountsRealRequests() {
        String providerId = provider("330200");
        String ds = dataset(providerId);
        String grant = fx.activeGrant("quality evaluation", List.of(ds));
        String from = fx.today().minusDays(1).toString();
        String to = fx.today().plusDays(30).toString();
        String onTime = file("engineer", grant, ds);
        String rejected = file("engineer", grant, ds);
        String withdrawn = file("engineer", grant, ds);
        String open = file("engineer", grant, ds);
        String late = file("engineer", grant, ds);
        ok(api.post("provider", BASE + "/" + onTime + "/acknowledge", null));
        ok(api.post("provider", BASE + "/" + onTime + "/fix", Map.of("note", "fixed")));
        ok(api.post("engineer", BASE + "/" + onTime + "/confirm", null));
        ok(api.post("provider", BASE + "/" + rejected + "/reject", Map.of("reason", "as issued")));
        ok(api.post("engineer", BASE + "/" + withdrawn + "/withdraw", null));
        String path = "/api/v1/providers/" + providerId + "/quality-evaluation?from=" + from + "&to=" + to;
        JsonNode early = ok(api.get("admin", path)).json();
        assertThat(early.path("received").asInt()).isEqualTo(5);
        assertThat(early.path("openInTime").asInt()).isEqualTo(2);
        assertThat(early.path("score").asDouble()).isEqualTo(100.0);

        clock.advance(Duration.ofDays(16));
        ok(api.post("provider", BASE + "/" + late + "/acknowledge", null));
        ok(api.post("provider", BASE + "/" + late + "/fix", Map.of("note", "fixed late")));

        JsonNode e = ok(api.get("admin", path)).json();
        assertThat(e.path("providerId").asString()).isEqualTo(providerId);
        assertThat(e.path("received").asInt()).isEqualTo(5);
        assertThat(e.path("fixedOnTime").asInt()).isEqualTo(1);
        assertThat(e.path("fixedLate").asInt()).isEqualTo(1);
        assertThat(e.path("rejected").asInt()).isEqualTo(1);
        assertThat(e.path("withdrawn").asInt()).isEqualTo(1);
        assertThat(e.path("openOverdue").asInt()).isEqualTo(1);
        assertThat(e.path("openInTime").asInt()).isZero();
        assertThat(e.path("score").asDouble()).isEqualTo(50.0);
        assertThat(e.path("meanHoursToFix").asDouble()).isBetween(191.0, 193.0);
        assertThat(ok(api.get("provider", path)).json().path("received").asInt()).isEqualTo(5);
        assertThat(api.get("admin", "/api/v1/providers/" + providerId + "/quality-evaluation?from=" + to + "&to=" + from).code())
                .isEqualTo("QUALITY_PERIOD_INVALID");
        assertThat(api.get("admin", "/api/v1/providers/" + providerId + "/quality-evaluation?from=yesterday").code())
                .isEqualTo("QUALITY_PERIOD_INVALID");
        assertThat(open).isNotBlank();
    }

    @Test
    void aRetriedFilingWithTheSameIdempotencyKeyFilesOnce() throws Exception {
        String ds = dataset(provider("330200"));
        String grant = fx.activeGrant("quality idempotency", List.of(ds));
        String body = Api.toJson(filing(grant, ds, "COLUMN", "uscc", "retried filing"));
        String key = "quality-" + fx.unique("k");
        HttpClient http = HttpClient.newHttpClient();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + BASE))
                    .header("Authorization", "Bearer " + api.token("engineer")).header("Content-Type", "application/json")
                    .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            String id = r.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
            assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith(BASE + "/" + id);
            ids.add(id);
        }
        assertThat(ids.get(1)).isEqualTo(ids.get(0));
        assertThat(requestsOf(grant)).isEqualTo(1);
    }
}

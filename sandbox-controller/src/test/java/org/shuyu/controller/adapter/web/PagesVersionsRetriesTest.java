package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pages, versions and retries (issue 17, docs/api.md) through the real HTTP API on PostgreSQL: pagination of lists
 * with limit, pageToken and Link; ETag and If-Match on life-cycle objects, raced from two threads; Idempotency-Key on
 * creations, retried and raced.
 */
@PlatformTest
class PagesVersionsRetriesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern NEXT = Pattern.compile("^<([^>]+)>; rel=\"next\"$");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    Api api;
    LifecycleFixture fx;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    record Answer(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String code() {
            return json().path("code").asString("");
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        @Override
        public String toString() {
            return status + " " + headers.map() + " " + body;
        }
    }

    private Answer send(String user, String method, String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + api.token(user));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(Api.toJson(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers(), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    private Answer get(String user, String path) {
        return send(user, "GET", path, null, Map.of());
    }

    // ---- pagination ----

    /** An organization of the applicant with {@code n} vetted people: a list whose size the test knows. */
    private String organizationWithPeople(int n) {
        String org = fx.organization("applicant", "330200");
        for (int i = 1; i <= n; i++) {
            fx.vet(org, "applicant", "person-" + i, "Person " + i);
        }
        return org;
    }

    @Test
    void aListOfSevenPagedByThreeGivesThreeThreeOneWithLinks() {
        String org = organizationWithPeople(7);
        String first = "/api/v1/organizations/" + org + "/personnel?limit=3";
        List<String> all = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String next = first;
        int pages = 0;
        while (next != null) {
            Answer page = get("applicant", next);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.json().isArray()).isTrue();
            sizes.add(page.json().size());
            page.json().forEach(p -> all.add(p.path("userId").asString()));
            Optional<String> link = page.header("Link");
            if (link.isPresent()) {
                Matcher m = NEXT.matcher(link.get());
                assertThat(m.matches()).as(link.get()).isTrue();
                next = m.group(1);
                assertThat(next).startsWith("/api/v1/organizations/" + org + "/personnel?").contains("limit=3").contains("pageToken=");
            } else {
                next = null;
            }
            assertThat(++pages).isLessThan(10);
        }
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(all).hasSize(7).doesNotHaveDuplicates();
        // the pages together are the whole list, in the same order
        Answer whole = get("applicant", "/api/v1/organizations/" + org + "/personnel");
        assertThat(whole.header("Link")).isEmpty();
        List<String> unpaged = new ArrayList<>();
        whole.json().forEach(p -> unpaged.add(p.path("userId").asString()));
        assertThat(all).isEqualTo(unpaged);
        // exactly a page's worth: no next link
        Answer exact = get("applicant", "/api/v1/organizations/" + org + "/personnel?limit=7");
        assertThat(exact.json().size()).isEqualTo(7);
        assertThat(exact.header("Link")).isEmpty();
    }

    @Test
    void aHandlerThatBoundsItsOwnQueryStillPagesOnPageTwo() {
        // consents (like jobs, sessions, statements and deliveries) pass offset and limit to their store: the pages
        // after the first must still be full, and the legacy offset parameter still applies
        String dataset = fx.unique("social").toLowerCase() + ".people";
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("id", dataset);
        body.put("providerId", "hrss");
        body.put("title", "Test dataset " + dataset);
        body.put("description", "registered by a paging test");
        body.put("openness", "CONDITIONAL");
        body.put("category", "test");
        body.put("personLevel", true);
        body.put("subjectColumn", "person_id_number");
        body.put("rowCount", 10);
        body.put("columns", List.of(
                Map.of("name", "person_id_number", "type", "string", "description", "id", "classification", "DIRECT_IDENTIFIER", "grade", 4),
                Map.of("name", "month", "type", "string", "description", "month", "classification", "BUSINESS", "grade", 1)));
        assertThat(api.post("admin", "/api/v1/datasets", body).status()).isEqualTo(201);
        for (int i = 1; i <= 7; i++) {
            ok(api.put("provider", "/api/v1/datasets/" + dataset + "/consents/subject-" + i,
                    Map.of("granted", true, "evidence", "consent form " + i)));
        }
        List<Integer> sizes = new ArrayList<>();
        List<String> subjects = new ArrayList<>();
        String next = "/api/v1/datasets/" + dataset + "/consents?limit=3";
        while (next != null) {
            Answer page = get("provider", next);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            sizes.add(page.json().size());
            page.json().forEach(c -> subjects.add(c.path("subjectId").asString()));
            next = page.header("Link").map(l -> {
                Matcher m = NEXT.matcher(l);
                assertThat(m.matches()).isTrue();
                return m.group(1);
            }).orElse(null);
            assertThat(sizes.size()).isLessThan(10);
        }
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(subjects).hasSize(7).doesNotHaveDuplicates();
        Answer skipped = get("provider", "/api/v1/datasets/" + dataset + "/consents?offset=2&limit=3");
        assertThat(skipped.json().size()).isEqualTo(3);
        assertThat(skipped.json().get(0).path("subjectId").asString()).isEqualTo(subjects.get(2));
        Matcher m = NEXT.matcher(skipped.header("Link").orElseThrow());
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).contains("offset=2");
        Answer rest = get("provider", m.group(1));
        assertThat(rest.json().size()).isEqualTo(2);
        assertThat(rest.header("Link")).isEmpty();
    }

    @Test
    void badLimitsAndTokensAreRefusedWithInvalidPage() {
        String org = organizationWithPeople(4);
        String base = "/api/v1/organizations/" + org + "/personnel";
        for (String limit : List.of("0", "-1", "1001", "abc", "1.5", "99999999999")) {
            Answer r = get("applicant", base + "?limit=" + limit);
            assertThat(r.status()).as(limit + ": " + r).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_PAGE");
        }
        Answer first = get("applicant", base + "?limit=2");
        Matcher m = NEXT.matcher(first.header("Link").orElseThrow());
        assertThat(m.matches()).isTrue();
        String token = m.group(1).replaceAll("^.*pageToken=", "");
        String decoded = new String(Base64.getUrlDecoder().decode(token));
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("3" + decoded.substring(decoded.indexOf('.'))).getBytes());
        for (String bad : List.of("garbage", "%25%25", forged, token.substring(1))) {
            Answer r = get("applicant", base + "?limit=2&pageToken=" + bad);
            assertThat(r.status()).as(bad + ": " + r).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_PAGE");
        }
        // a token of one list is refused on another
        String other = organizationWithPeople(1);
        Answer elsewhere = get("applicant", "/api/v1/organizations/" + other + "/personnel?limit=2&pageToken=" + token);
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.code()).isEqualTo("INVALID_PAGE");
        // and the genuine one works
        assertThat(get("applicant", base + "?limit=2&pageToken=" + token).json().size()).isEqualTo(2);
    }

    // ---- ETag and If-Match ----

    private static Map<String, Object> suspension() {
        return Map.of("violation", "raw export attempt",
                "rectificationDeadline", Instant.now().plus(Duration.ofDays(10)).toString());
    }

    @Test
    @Tag("R-17b")
    void aStaleIfMatchIsRefusedWith412AndChangesNothing() {
        String id = fx.activeGrant("etag " + fx.unique("s"));
        Answer read = get("admin", "/api/v1/grants/" + id);
        String etag = read.header("ETag").orElseThrow();
        assertThat(etag).matches("\"[0-9]+\"");
        // a change of a sub-object (a member) moves the grant's revision
        ok(api.post("applicant", "/api/v1/grants/" + id + "/members", Map.of("userId", "engineer2", "name", "Li Na")));
        String current = get("admin", "/api/v1/grants/" + id).header("ETag").orElseThrow();
        assertThat(current).isNotEqualTo(etag);

        Answer stale = send("admin", "POST", "/api/v1/grants/" + id + "/suspend", suspension(), Map.of("If-Match", etag));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(stale.code()).isEqualTo("PRECONDITION_FAILED");
        assertThat(stale.header("ETag")).contains(current);
        assertThat(stale.json().path("etag").asString()).isEqualTo(current);
        assertThat(get("admin", "/api/v1/grants/" + id).json().path("state").asString()).isEqualTo("ACTIVE");
        assertThat(auditCount(id, "grant.suspend")).isZero();

        Answer fresh = send("admin", "POST", "/api/v1/grants/" + id + "/suspend", suspension(), Map.of("If-Match", current));
        assertThat(fresh.status()).as(fresh.toString()).isEqualTo(200);
        String after = fresh.header("ETag").orElseThrow();
        assertThat(after).isNotEqualTo(current);
        assertThat(get("admin", "/api/v1/grants/" + id).header("ETag")).contains(after);
        assertThat(fresh.json().path("state").asString()).isEqualTo("SUSPENDED");
    }

    @Test
    void ifMatchStarAndListsAndMalformedHeaders() {
        String lab = fx.requestLab("applicant", fx.organization("applicant", "330200"), List.of(fx.dataset("CONDITIONAL")), 3)
                .json().path("id").asString();
        Answer read = get("admin", "/api/v1/labs/" + lab);
        String etag = read.header("ETag").orElseThrow();
        Answer malformed = send("admin", "POST", "/api/v1/labs/" + lab + "/approve", Map.of("note", "ok"), Map.of("If-Match", "abc"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.code()).isEqualTo("INVALID_PRECONDITION");
        Answer weak = send("admin", "POST", "/api/v1/labs/" + lab + "/approve", Map.of("note", "ok"), Map.of("If-Match", "W/" + etag));
        assertThat(weak.status()).as("If-Match compares strongly").isEqualTo(412);
        Answer listed = send("admin", "POST", "/api/v1/labs/" + lab + "/approve", Map.of("note", "ok"),
                Map.of("If-Match", "\"999999\", " + etag));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        Answer star = send("admin", "POST", "/api/v1/labs/" + lab + "/complete", Map.of("conclusion", "PASSED",
                "summary", "validated", "findings", "none"), Map.of("If-Match", "*"));
        assertThat(star.status()).as(star.toString()).isEqualTo(200);
        assertThat(star.header("ETag")).isPresent();
        Answer unknown = send("admin", "POST", "/api/v1/labs/lab-does-not-exist/approve", Map.of("note", "ok"), Map.of("If-Match", "*"));
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    @Tag("R-17b")
    void twoAdminsRacingWithTheSameIfMatchOneWinsTheOtherGets412() throws Exception {
        String id = fx.activeGrant("race " + fx.unique("s"));
        String etag = get("admin", "/api/v1/grants/" + id).header("ETag").orElseThrow();
        List<Answer> answers = race(2, () -> send("admin", "POST", "/api/v1/grants/" + id + "/suspend", suspension(),
                Map.of("If-Match", etag)));
        assertThat(answers).extracting(Answer::status).containsExactlyInAnyOrder(200, 412);
        assertThat(answers.stream().filter(a -> a.status() == 412).findFirst().orElseThrow().code()).isEqualTo("PRECONDITION_FAILED");
        assertThat(auditCount(id, "grant.suspend")).isEqualTo(1);
    }

    @Test
    @Tag("R-05")
    void racingApprovalsOfAnApplicationOneWins() throws Exception {
        String id = fx.approvedApplicationUpToReviews();
        ok(api.post("coordination", "/api/v1/applications/" + id + "/deliberation", fx.deliberation("APPROVE")));
        String etag = get("admin", "/api/v1/applications/" + id).header("ETag").orElseThrow();
        List<Answer> answers = race(2, () -> send("leading-group", "POST", "/api/v1/applications/" + id + "/approval",
                Map.of("decisionNumber", "NB-LG-" + fx.unique("d"), "approvedOn", fx.today().toString(), "note", "approved"),
                Map.of("If-Match", etag)));
        assertThat(answers).extracting(Answer::status).as(answers.toString()).containsExactlyInAnyOrder(200, 412);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM approvals WHERE application_id = ?").param(id).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aProductsChangesAreConditionedToo() {
        String grant = fx.activeGrant("product etag " + fx.unique("s"));
        String id = org.shuyu.controller.support.Products.create(api, grant, "etag_" + fx.unique("p").toLowerCase(),
                "DATA_PACKAGE", "features", null);
        Answer read = get("engineer", "/api/v1/products/" + id);
        String etag = read.header("ETag").orElseThrow();
        Answer stale = send("engineer", "POST", "/api/v1/products/" + id + "/withdraw", Map.of("reason", "not needed"),
                Map.of("If-Match", "\"" + (Long.parseLong(etag.replace("\"", "")) + 1) + "\""));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(stale.header("ETag")).contains(etag);
        assertThat(get("engineer", "/api/v1/products/" + id).json().path("state").asString()).isEqualTo("DRAFT");
        Answer withdrawn = send("engineer", "POST", "/api/v1/products/" + id + "/withdraw", Map.of("reason", "not needed"),
                Map.of("If-Match", etag));
        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);
        assertThat(withdrawn.json().path("state").asString()).isEqualTo("WITHDRAWN");
        assertThat(withdrawn.header("ETag")).isPresent().isNotEqualTo(Optional.of(etag));
    }

    private long auditCount(String subject, String action) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE subject_id = ? AND action = ? AND outcome = 'DONE'")
                .params(subject, action).query(Long.class).single();
    }

    private static List<Answer> race(int n, Callable<Answer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Answer> out = new ArrayList<>();
            for (Future<Answer> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- Idempotency-Key ----

    private Map<String, Object> labBody(String org, String dataset) {
        return Map.of("organizationId", org, "datasetIds", List.of(dataset),
                "developmentApproach", "feature engineering", "marketPlan", "credit scores", "months", 3);
    }

    private long labsOf(String org) {
        return jdbc.sql("SELECT COUNT(*) FROM labs WHERE organization_id = ?").param(org).query(Long.class).single();
    }

    @Test
    void aRetryWithTheSameKeyReturnsTheFirstResultAndCreatesNothing() {
        String org = fx.organization("applicant", "330200");
        String dataset = fx.dataset("CONDITIONAL");
        String key = "retry-" + fx.unique("k");
        Answer first = send("applicant", "POST", "/api/v1/labs", labBody(org, dataset), Map.of("Idempotency-Key", key));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isEmpty();
        Answer again = send("applicant", "POST", "/api/v1/labs", labBody(org, dataset), Map.of("Idempotency-Key", key));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).contains("true");
        assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(labsOf(org)).isEqualTo(1);
        // keys are per caller: another caller's same key is another request
        assertThat(jdbc.sql("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = ?").param(key).query(Long.class).single())
                .isEqualTo(1);
        // the same key for another request
        Answer reused = send("applicant", "POST", "/api/v1/labs", Map.of("organizationId", org, "datasetIds", List.of(dataset),
                "developmentApproach", "other", "marketPlan", "other", "months", 2), Map.of("Idempotency-Key", key));
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(labsOf(org)).isEqualTo(1);
    }

    @Test
    void concurrentDuplicatesCreateOnce() throws Exception {
        String org = fx.organization("applicant", "330200");
        String dataset = fx.dataset("CONDITIONAL");
        String key = "race-" + fx.unique("k");
        List<Answer> answers = race(4, () -> send("applicant", "POST", "/api/v1/labs", labBody(org, dataset),
                Map.of("Idempotency-Key", key)));
        Set<String> ids = new HashSet<>();
        for (Answer a : answers) {
            if (a.status() == 201) {
                ids.add(a.json().path("id").asString());
            } else {
                assertThat(a.status()).as(a.toString()).isEqualTo(409);
                assertThat(a.code()).isEqualTo("IDEMPOTENCY_KEY_IN_USE");
            }
        }
        assertThat(ids).hasSize(1);
        assertThat(labsOf(org)).isEqualTo(1);
    }

    @Test
    void errorsAreNotStoredAndBadKeysAreRefused() {
        String org = fx.organization("applicant", "330200");
        String dataset = fx.dataset("CONDITIONAL");
        String key = "fix-" + fx.unique("k");
        Answer refused = send("applicant", "POST", "/api/v1/labs", Map.of("organizationId", org, "datasetIds", List.of(dataset),
                "developmentApproach", "x", "marketPlan", "y", "months", 12), Map.of("Idempotency-Key", key));
        assertThat(refused.status()).as(refused.toString()).isBetween(400, 499);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = ?").param(key).query(Long.class).single()).isZero();
        Answer fixed = send("applicant", "POST", "/api/v1/labs", labBody(org, dataset), Map.of("Idempotency-Key", key));
        assertThat(fixed.status()).as(fixed.toString()).isEqualTo(201);
        assertThat(fixed.header("Idempotent-Replayed")).isEmpty();

        Answer tooLong = send("applicant", "POST", "/api/v1/labs", labBody(org, dataset), Map.of("Idempotency-Key", "k".repeat(256)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.code()).isEqualTo("IDEMPOTENCY_KEY_INVALID");
        Answer control = send("applicant", "POST", "/api/v1/labs", labBody(org, dataset), Map.of("Idempotency-Key", "tab\there"));
        assertThat(control.status()).isEqualTo(400);
        assertThat(labsOf(org)).isEqualTo(1);
        // the longest key is fine
        Answer longest = send("applicant", "POST", "/api/v1/labs", labBody(org, dataset), Map.of("Idempotency-Key", "k".repeat(255) ));
        assertThat(longest.status()).as(longest.toString()).isEqualTo(201);
    }

    @Test
    void expiredKeysArePurged() {
        String org = fx.organization("applicant", "330200");
        String dataset = fx.dataset("CONDITIONAL");
        String key = "old-" + fx.unique("k");
        Answer first = send("applicant", "POST", "/api/v1/labs", labBody(org, dataset), Map.of("Idempotency-Key", key));
        assertThat(first.status()).isEqualTo(201);
        jdbc.sql("UPDATE idempotency_keys SET expires_at = ? WHERE idem_key = ?")
                .params(java.sql.Timestamp.from(Instant.now().minus(Duration.ofMinutes(1))), key).update();
        Answer later = send("applicant", "POST", "/api/v1/labs", labBody(org, dataset), Map.of("Idempotency-Key", key));
        assertThat(later.status()).isEqualTo(201);
        assertThat(later.header("Idempotent-Replayed")).isEmpty();
        assertThat(later.json().path("id").asString()).isNotEqualTo(first.json().path("id").asString());
    }
}

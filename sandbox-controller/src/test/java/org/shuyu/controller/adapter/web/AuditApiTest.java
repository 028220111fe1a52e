package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The audit API: search by actor, subject and time; verification; who may use it; refusals are recorded. */
@PlatformTest
@Tag("R-24d")
@Tag("R-26")
class AuditApiTest {
    @LocalServerPort
    int port;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Test
    void searchFiltersByActorAndSubject() {
        String actor = unique("actor");
        AuditRecord first = audit.append(event(actor, "grant-a", Optional.empty()));
        audit.append(event(actor, "grant-b", Optional.empty()));
        audit.append(event(unique("other"), "grant-a", Optional.empty()));

        assertThat(seqs(search("security", "actor=" + actor))).hasSize(2);
        assertThat(seqs(search("security", "actor=" + actor + "&subject=grant-a"))).containsExactly(first.seq());
        JsonNode record = search("admin", "actor=" + actor + "&subject=grant-a").path("records").get(0);
        assertThat(record.path("outcome").asString()).isEqualTo("DONE");
        assertThat(record.path("hash").asString()).isEqualTo(first.hash());
        assertThat(record.path("prevHash").asString()).isEqualTo(first.prevHash());
    }

    @Test
    void searchFiltersByTimeWindowFromInclusiveToExclusive() {
        String actor = unique("timed");
        AuditRecord one = audit.append(event(actor, "s", Optional.empty()));
        AuditRecord two = audit.append(event(actor, "s", Optional.empty()));
        AuditRecord three = audit.append(event(actor, "s", Optional.empty()));
        assertThat(one.at()).isBefore(two.at());
        assertThat(two.at()).isBefore(three.at());

        assertThat(seqs(search("security", "actor=" + actor + "&from=" + time(two.at()))))
                .containsExactly(two.seq(), three.seq());
        assertThat(seqs(search("security", "actor=" + actor + "&to=" + time(two.at()))))
                .containsExactly(one.seq());
        assertThat(seqs(search("security", "actor=" + actor + "&from=" + time(two.at()) + "&to=" + time(three.at()))))
                .containsExactly(two.seq());
        // The same instant written with a +08:00 offset selects the same records.
        String beijing = two.at().atOffset(ZoneOffset.ofHours(8)).toString();
        assertThat(seqs(search("security", "actor=" + actor + "&from=" + encode(beijing))))
                .containsExactly(two.seq(), three.seq());
        // Written by hand without encoding, the '+' of the offset arrives as a space and is still understood.
        assertThat(seqs(search("security", "actor=" + actor + "&from=" + beijing)))
                .containsExactly(two.seq(), three.seq());
    }

    @Test
    void searchPagesBySeqCursor() {
        String actor = unique("pager");
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(audit.append(event(actor, "s" + i, Optional.empty())).seq());
        }
        JsonNode page1 = search("security", "actor=" + actor + "&limit=2");
        assertThat(seqs(page1)).containsExactly(all.get(0), all.get(1));
        long next = page1.path("nextAfter").asLong();
        JsonNode page2 = search("security", "actor=" + actor + "&limit=2&after=" + next);
        assertThat(seqs(page2)).containsExactly(all.get(2), all.get(3));
        JsonNode page3 = search("security", "actor=" + actor + "&limit=2&after=" + page2.path("nextAfter").asLong());
        assertThat(seqs(page3)).containsExactly(all.get(4));
        assertThat(page3.has("nextAfter")).isFalse();
    }

    @Test
    void badSearchParametersAreRejectedWithAStableCode() {
        Api api = new Api(port);
        for (String query : List.of("limit=0", "limit=1001", "limit=ten", "limit=99999999999", "after=-1",
                "after=x", "from=yesterday", "from=2026-11-27T08:00:00", "to=2026-13-01T00:00:00Z",
                "from=2026-11-27T09:00:00Z&to=2026-11-27T08:00:00Z", "actor=", "colour=red",
                "subject=" + "x".repeat(201))) {
            Api.Response response = api.get("security", "/api/v1/audit?" + query);
            assertThat(response.status()).as(query + " -> " + response).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.code()).as(query).isEqualTo("AUDIT_QUERY_INVALID");
        }
    }

    @Test
    void defaultLimitIsOneHundred() {
        String actor = unique("many");
        for (int i = 0; i < 101; i++) {
            audit.append(event(actor, "s", Optional.empty()));
        }
        JsonNode page = search("security", "actor=" + actor);
        assertThat(page.path("records").size()).isEqualTo(100);
        assertThat(page.has("nextAfter")).isTrue();
    }

    @Test
    void verifyReportsAnIntactChain() {
        audit.append(event(unique("verify"), "s", Optional.empty()));
        Api.Response response = new Api(port).get("admin", "/api/v1/audit/verify");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("intact").asBoolean()).isTrue();
        assertThat(response.json().path("records").asLong()).isPositive();
        assertThat(response.json().path("anomalies").isArray()).isTrue();
        assertThat(response.json().path("anomalies").size()).isZero();
    }

    @Test
    void engineerMayNotSearchOrVerifyAndTheAttemptsAreRecorded() {
        Api api = new Api(port);
        String since = time(Instant.now().minusSeconds(1));
        Api.Response searchAttempt = api.get("engineer", "/api/v1/audit?actor=admin");
        Api.Response verifyAttempt = api.get("engineer", "/api/v1/audit/verify");
        assertThat(searchAttempt.status()).isEqualTo(403);
        assertThat(searchAttempt.code()).isEqualTo("FORBIDDEN_ROLE");
        assertThat(verifyAttempt.status()).isEqualTo(403);

        for (String subject : List.of("/api/v1/audit", "/api/v1/audit/verify")) {
            JsonNode records = search("security", "actor=engineer&subject=" + subject + "&from=" + since).path("records");
            assertThat(records.size()).as(subject).isGreaterThanOrEqualTo(1);
            JsonNode refusal = records.get(records.size() - 1);
            assertThat(refusal.path("outcome").asString()).isEqualTo("REFUSED");
            assertThat(refusal.path("code").asString()).isEqualTo("FORBIDDEN_ROLE");
            assertThat(refusal.path("action").asString()).isEqualTo("GET " + subject);
            assertThat(refusal.path("actorRoles").get(0).asString()).isEqualTo("ENGINEER");
        }
    }

    @Test
    void deniedChangeLeavesARefusedRecord() {
        Api api = new Api(port);
        String since = time(Instant.now().minusSeconds(1));
        Api.Response response = api.post("applicant", "/api/v1/me", "{}");
        assertThat(response.status()).isEqualTo(403);
        JsonNode records = search("security", "actor=applicant&subject=/api/v1/me&from=" + since).path("records");
        assertThat(records.size()).isGreaterThanOrEqualTo(1);
        assertThat(records.get(records.size() - 1).path("outcome").asString()).isEqualTo("REFUSED");
        assertThat(records.get(records.size() - 1).path("action").asString()).startsWith("POST ");
    }

    @Test
    void unauthenticatedAttemptLeavesARefusedRecord() {
        Api api = new Api(port);
        String path = "/api/v1/probe-" + UUID.randomUUID();
        Api.Response response = api.withToken("GET", path, null, "not-a-token");
        assertThat(response.status()).isEqualTo(401);
        JsonNode records = search("security", "actor=anonymous&subject=" + path).path("records");
        assertThat(records.size()).isEqualTo(1);
        assertThat(records.get(0).path("outcome").asString()).isEqualTo("REFUSED");
        assertThat(records.get(0).path("code").asString()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    @Tag("R-24a")
    void recordsNameTheAccountablePersonAndSurviveDeletionOfTheOrganization() {
        String org = unique("org");
        jdbc.sql("""
                INSERT INTO organizations (id, name, uscc, jurisdiction, established_on, accountable_user_id,
                    accountable_name, created_at, created_by)
                VALUES (?, 'Haixin Data', ?, '330200', DATE '2020-01-01', 'applicant', 'Li Qiang', CURRENT_TIMESTAMP, 'admin')""")
                .params(org, org.substring(org.length() - 18))
                .update();
        AuditRecord record = audit.append(event("engineer", org, Optional.of(org)));
        assertThat(record.accountablePerson()).contains("applicant (Li Qiang)");

        jdbc.sql("DELETE FROM organizations WHERE id = ?").param(org).update();

        JsonNode records = search("security", "subject=" + org).path("records");
        assertThat(records.size()).isEqualTo(1);
        assertThat(records.get(0).path("organizationId").asString()).isEqualTo(org);
        assertThat(records.get(0).path("accountablePerson").asString()).isEqualTo("applicant (Li Qiang)");
        assertThat(new Api(port).get("security", "/api/v1/audit/verify").json().path("intact").asBoolean()).isTrue();
    }

    private JsonNode search(String user, String query) {
        Api.Response response = new Api(port).get(user, "/api/v1/audit?" + query);
        assertThat(response.status()).as(query + " -> " + response).isEqualTo(200);
        return response.json();
    }

    private static List<Long> seqs(JsonNode page) {
        List<Long> seqs = new ArrayList<>();
        page.path("records").forEach(r -> seqs.add(r.path("seq").asLong()));
        return seqs;
    }

    private static String time(Instant at) {
        return encode(at.truncatedTo(ChronoUnit.MICROS).toString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static AuditEvent event(String actor, String subject, Optional<String> organization) {
        return new AuditEvent(actor, Set.of("AUTHORITY"), "POST /api/v1/things", "thing", subject, organization,
                AuditEvent.Outcome.DONE, Optional.empty(), "test record");
    }
}

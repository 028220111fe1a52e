package org.shuyu.controller.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.organization.Uscc;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The admission endpoints end to end: the platform admin sets a quota (validated, audited), an engineer or an
 * accountable person cannot, an operator reads its own usage and queue positions and nobody else's, supervisors
 * read everything.
 */
@PlatformTest
@Tag("R-09a")
class AdmissionApiTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final long RUN = System.nanoTime() % 100_000;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Admission admission;

    @Autowired
    DeadTickets deadTickets;

    private final List<String> tickets = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();

    private Api api() {
        return new Api(port);
    }

    @AfterEach
    void releaseWhatTheTestHeld() {
        requests.forEach(admission::cancel);
        tickets.forEach(admission::release);
    }

    private String organization(String accountableUser, String jurisdiction) {
        String first17 = "91330200" + String.format("%05d%04d", RUN, 5000 + SEQUENCE.incrementAndGet());
        String uscc = first17 + Uscc.checkCharacter(first17);
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Compute Co. " + uscc);
        body.put("uscc", uscc);
        body.put("jurisdiction", jurisdiction);
        body.put("establishedOn", "2019-03-01");
        body.put("accountablePerson", Map.of("userId", accountableUser, "name", "Someone"));
        Api.Response created = api().post("admin", "/api/v1/organizations", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private static Map<String, Object> quota(Object cores, Object memory, Object engines) {
        Map<String, Object> body = new HashMap<>();
        body.put("maxCores", cores);
        body.put("maxMemoryMb", memory);
        body.put("maxEngines", engines);
        return body;
    }

    private int storedQuotas(String org) {
        return jdbc.sql("SELECT count(*) FROM compute_quotas WHERE organization_id = ?").param(org).query(Integer.class).single();
    }

    @Test
    @Tag("R-06")
    @Tag("R-24d")
    void platformAdminSetsAQuotaTheOperatorReadsItAndTheChangeIsAudited() {
        String org = organization("applicant", "330200");
        Api.Response before = api().get("applicant", "/api/v1/organizations/" + org + "/compute-quota");
        assertThat(before.status()).as(before.toString()).isEqualTo(200);
        assertThat(before.json().path("source").asString()).isEqualTo("DEFAULT");

        Api.Response set = api().put("admin", "/api/v1/organizations/" + org + "/compute-quota", quota(1, 1024, 2));

        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().path("source").asString()).isEqualTo("SET");
        assertThat(set.json().path("updatedBy").asString()).isEqualTo("admin");
        JsonNode read = api().get("applicant", "/api/v1/organizations/" + org + "/compute-quota").json();
        assertThat(read.path("maxCores").asInt()).isEqualTo(1);
        assertThat(read.path("maxMemoryMb").asInt()).isEqualTo(1024);
        assertThat(read.path("maxEngines").asInt()).isEqualTo(2);
        assertThat(api().get("security", "/api/v1/organizations/" + org + "/compute-quota").status()).isEqualTo(200);
        Map<String, Object> audit = jdbc.sql("""
                SELECT actor, organization_id, detail FROM audit_log WHERE action = 'admission.quota-set' AND subject_id = ?""")
                .param(org).query().singleRow();
        assertThat(audit).containsEntry("actor", "admin").containsEntry("organization_id", org);
        assertThat((String) audit.get("detail")).contains("(default) -> cores 1, memory 1024 MiB, engines 2");
        assertThat(admission.quota(org).maxEngines()).isEqualTo(2);
    }

    @Test
    @Tag("R-06")
    void engineerAndAccountablePersonCannotSetQuotas() {
        String org = organization("applicant", "330200");
        for (String user : List.of("engineer", "applicant", "security")) {
            Api.Response refused = api().put(user, "/api/v1/organizations/" + org + "/compute-quota", quota(1, 1024, 1));
            assertThat(refused.status()).as(user + " -> " + refused).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("FORBIDDEN_ROLE");
        }
        assertThat(storedQuotas(org)).isZero();
    }

    @Test
    void badQuotasAreRefusedWithAStableCodeAndChangeNothing() {
        String org = organization("applicant", "330200");
        JsonNode capacity = api().get("admin", "/api/v1/admission").json().path("capacity");
        int cores = capacity.path("cores").asInt();
        int memory = capacity.path("memoryMb").asInt();
        String path = "/api/v1/organizations/" + org + "/compute-quota";

        Map<Map<String, Object>, String> bad = new LinkedHashMap<>();
        bad.put(quota(-1, 1024, 1), "INVALID_QUOTA");
        bad.put(quota(1, -5, 1), "INVALID_QUOTA");
        bad.put(quota(1, 1024, -1), "INVALID_QUOTA");
        bad.put(quota(1, 1024, 1001), "INVALID_QUOTA");
        bad.put(quota(cores + 1, 1024, 1), "QUOTA_ABOVE_CAPACITY");
        bad.put(quota(1, memory + 1, 1), "QUOTA_ABOVE_CAPACITY");
        bad.put(quota("1", 1024, 1), "INVALID_FIELD");
        bad.put(quota(1.5, 1024, 1), "INVALID_FIELD");
        Map<String, Object> unknownField = quota(1, 1024, 1);
        unknownField.put("maxGpus", 1);
        bad.put(unknownField, "INVALID_FIELD");
        for (Map.Entry<Map<String, Object>, String> c : bad.entrySet()) {
            Api.Response refused = api().put("admin", path, c.getKey());
            assertThat(refused.status()).as(c.getKey() + " -> " + refused).isEqualTo(400);
            assertThat(refused.code()).as(c.getKey() + " -> " + refused).isEqualTo(c.getValue());
        }
        Map<String, Object> missing = new HashMap<>(Map.of("maxCores", 1, "maxMemoryMb", 1024));
        Api.Response incomplete = api().put("admin", path, missing);
        assertThat(incomplete.status()).as(incomplete.toString()).isEqualTo(400);
        assertThat(storedQuotas(org)).isZero();

        Api.Response unknown = api().put("admin", "/api/v1/organizations/org-does-not-exist/compute-quota", quota(1, 1024, 1));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void operatorSeesItsOwnUsageAndQueuePositionsOnlySupervisorsSeeAll() {
        String mine = organization("applicant", "330200");
        String theirs = organization("applicant2", "330212");
        hold(mine, "ws-api-" + RUN + "-mine");
        hold(theirs, "ws-api-" + RUN + "-theirs");

        JsonNode own = api().get("applicant", "/api/v1/admission").json();
        assertThat(organizationsIn(own)).contains(mine).doesNotContain(theirs);
        assertThat(own.path("capacity").path("cores").asInt()).isEqualTo(admission.capacity().cores());

        JsonNode other = api().get("applicant2", "/api/v1/admission").json();
        assertThat(organizationsIn(other)).contains(theirs).doesNotContain(mine);

        JsonNode engineer = api().get("engineer", "/api/v1/admission").json();
        assertThat(organizationsIn(engineer)).doesNotContain(mine, theirs);

        for (String supervisor : List.of("security", "admin")) {
            JsonNode all = api().get(supervisor, "/api/v1/admission").json();
            assertThat(organizationsIn(all)).as(supervisor).contains(mine, theirs);
        }
        assertThat(api().get("applicant", "/api/v1/organizations/" + theirs + "/compute-quota").status()).isEqualTo(404);
        assertThat(api().get("expert", "/api/v1/admission").status()).isEqualTo(403);
    }

    @Test
    @Tag("R-24d")
    void ticketsOfADeadControllerAreReleasedAndAudited() {
        String org = organization("applicant", "330200");
        String ticketId = "ticket-dead-" + RUN + "-" + SEQUENCE.incrementAndGet();
        jdbc.sql("""
                INSERT INTO admission_tickets (id, request_id, organization_id, workspace_id, cores, memory_mb, incarnation,
                    requested_at, admitted_at) VALUES (?, ?, ?, 'ws-dead', 1, 256, 'incarnation-dead', CURRENT_TIMESTAMP,
                    CURRENT_TIMESTAMP)""").params(ticketId, "adm-" + ticketId, org).update();

        assertThat(deadTickets.release()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.sql("SELECT count(*) FROM admission_tickets WHERE id = ?").param(ticketId).query(Integer.class).single())
                .isZero();
        Map<String, Object> audit = jdbc.sql("""
                SELECT actor, organization_id FROM audit_log WHERE action = 'admission.ticket-release-dead' AND subject_id = ?""")
                .param(ticketId).query().singleRow();
        assertThat(audit).containsEntry("actor", "system:admission").containsEntry("organization_id", org);
    }

    /** Takes 1 core for the organization: admitted, or queued when the machine is already full. */
    private void hold(String organizationId, String workspaceId) {
        Admission.Decision decision = admission.request(organizationId, workspaceId, 1, 256);
        if (decision instanceof Admission.Admitted admitted) {
            tickets.add(admitted.ticket().id());
        } else {
            requests.add(((Admission.Queued) decision).requestId());
        }
    }

    private static List<String> organizationsIn(JsonNode view) {
        List<String> orgs = new ArrayList<>();
        view.path("operators").forEach(o -> orgs.add(o.path("organizationId").asString()));
        view.path("admitted").forEach(o -> orgs.add(o.path("organizationId").asString()));
        view.path("queue").forEach(o -> orgs.add(o.path("organizationId").asString()));
        return orgs;
    }
}

package org.shuyu.controller.owndata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.shuyu.controller.access.PolicyService;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.engine.EngineWorkspaces;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.notification.Todo;
import org.shuyu.controller.organization.Uscc;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.workspace.WorkspaceReconciliation;
import org.shuyu.controller.workspace.WorkspaceService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An operator brings its own compliant data into its grant's workspace through the import airlock (R-19c,
 * docs/own-data.md): declared, checked automatically (schema, size, identifying patterns in undeclared columns),
 * decided by the data authority of the grant's jurisdiction, then a source of that workspace only, with its own
 * lineage root and grades. A sentinel identifying value in an undeclared column appears in no response, error, audit
 * record, notice or log line.
 */
@PlatformTest
@Tag("R-19c")
@ExtendWith(OutputCaptureExtension.class)
class OwnDataImportTest {
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000L);
    /** A resident ID number with a valid check character, unique to this run: the sentinel. */
    private static final String SENTINEL = residentId("33020319880715" + String.format("%03d", Long.parseLong(RUN) % 1000));

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    OwnDataImports imports;
    @Autowired
    OwnDataSources ownSources;
    @Autowired
    OwnDataTodos todos;
    @Autowired
    PolicyService policies;
    @Autowired
    WorkspaceService workspaces;
    @Autowired
    WorkspaceReconciliation reconciliation;
    @Autowired
    EngineWorkspaces engines;

    Api api;
    LifecycleFixture fx;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    static String residentId(String first17) {
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * w[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    static Map<String, Object> column(String name, String type, String classification, int grade) {
        return Map.of("name", name, "type", type, "classification", classification, "grade", grade);
    }

    /** Declares an import of table {@code table}: person_id (identifying), district, visits int, note string. */
    Api.Response declare(String user, String grantId, String table) {
        Map<String, Object> body = new HashMap<>();
        body.put("grantId", grantId);
        body.put("tableName", table);
        body.put("source", "Haixin Data's own customer survey 2026, collected under contract NB-S-11");
        body.put("legalBasis", "PIPL art. 13(1): consent of each respondent, forms on file");
        body.put("purpose", "join with enterprise registry counts for the scenario's district report");
        body.put("columns", List.of(column("person_id", "string", "DIRECT_IDENTIFIER", 3),
                column("district", "string", "QUASI_IDENTIFIER", 2), column("visits", "int", "BUSINESS", 1),
                column("note", "string", "BUSINESS", 1)));
        return api.post(user, "/api/v1/own-data-imports", body);
    }

    Api.Response upload(String user, String id, String csv) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/own-data-imports/" + id + "/file"))
                .header("Authorization", "Bearer " + api.token(user)).header("Content-Type", "text/csv")
                .PUT(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Api.Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    static final String GOOD = "person_id,district,visits,note\n" + residentId("33020319880701123") + ",Haishu,3,first\n"
            + residentId("33020319900215456") + ",Yinzhou,5,\n";

    List<String> auditOf(String id) {
        return jdbc.sql("SELECT action || ' ' || COALESCE(detail, '') FROM audit_log WHERE subject_id = ? ORDER BY seq")
                .param(id).query(String.class).list();
    }

    List<String> noticesOf(String id) {
        return jdbc.sql("SELECT kind || ' ' || COALESCE(recipient_user, recipient_role || '@' || recipient_jurisdiction) || ' ' || summary"
                + " FROM notifications WHERE subject_id = ? ORDER BY id").param(id).query(String.class).list();
    }

    static Actor actor(String user, Role role, String jurisdiction) {
        return new Actor(user, user, Set.of(role), Optional.of(new Jurisdiction(jurisdiction)));
    }

    @Test
    void anApprovedImportBecomesASourceOfItsWorkspaceOnlyWithItsGradesMasksAndAuditTrail() throws Exception {
        String grant = fx.activeGrant("own data " + RUN);
        String other = fx.activeGrant("other " + RUN);
        Api.Response created = declare("engineer", grant, "survey");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(created.json().path("state").asString()).isEqualTo("DRAFT");
        assertThat(created.json().path("grade").asInt()).isEqualTo(3);
        assertThat(created.json().path("columns").get(0).path("identifying").asBoolean()).isTrue();
        assertThat(created.json().path("columns").get(0).path("mask").asString()).isNotEqualTo("NONE");

        Api.Response checked = upload("engineer", id, GOOD);
        assertThat(checked.status()).as(checked.toString()).isEqualTo(200);
        JsonNode body = checked.json();
        assertThat(body.path("state").asString()).isEqualTo("IN_REVIEW");
        assertThat(body.path("file").path("rows").asLong()).isEqualTo(2);
        assertThat(body.path("file").path("sha256").asString()).isEqualTo(Sha256.hex(GOOD));
        assertThat(body.path("checks").findValuesAsString("check")).containsExactly("schema", "size", "identifying");
        assertThat(body.path("checks").findValues("passed")).allMatch(JsonNode::asBoolean);

        // The reviewers are told and see it on their to-do list; the county authority is not the grant's body.
        assertThat(noticesOf(id)).anyMatch(n -> n.startsWith("owndata.review AUTHORITY@330200"));
        assertThat(todos.pending(actor("admin", Role.AUTHORITY, "330200"))).extracting(Todo::subjectId).contains(id);
        assertThat(todos.pending(actor("county-admin", Role.AUTHORITY, "330212"))).extracting(Todo::subjectId).doesNotContain(id);
        assertThat(ownSources.of(grant)).isEmpty();

        Api.Response approved = api.post("admin", "/api/v1/own-data-imports/" + id + "/decision",
                Map.of("decision", "APPROVE", "reason", "source and legal basis verified against the contract"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().path("state").asString()).isEqualTo("MATERIALIZED");
        assertThat(approved.json().path("decidedBy").asString()).isEqualTo("admin");
        String datasetId = approved.json().path("datasetId").asString();
        assertThat(datasetId).startsWith("own_").endsWith(".survey");
        assertThat(todos.pending(actor("admin", Role.AUTHORITY, "330200"))).extracting(Todo::subjectId).doesNotContain(id);
        assertThat(noticesOf(id)).anyMatch(n -> n.startsWith("owndata.approved engineer"));

        // A source of this workspace only: its file in the workspace's storage, its grades in the policies (masks).
        List<OwnDataSources.Source> sources = ownSources.of(grant);
        assertThat(sources).hasSize(1);
        assertThat(Files.readString(sources.get(0).location().resolve("data.csv"))).isEqualTo(GOOD);
        assertThat(sources.get(0).dataset().grade()).isEqualTo(3);
        assertThat(ownSources.of(other)).isEmpty();
        assertThat(ownSources.find(other, datasetId)).isEmpty();
        String compiled = policies.inspect(actor("admin", Role.AUTHORITY, "330200"), grant);
        assertThat(compiled).contains("mask-" + datasetId + "-person_id").contains(datasetId);
        reconciliation.reconcile(other);
        // Jobs and the warm engine of this workspace get it as a CSV source from that directory; no other workspace does.
        assertThat(engines.target(grant).sources()).filteredOn(s -> s.id().equals(datasetId)).singleElement()
                .satisfies(s -> assertThat(s.location()).isEqualTo(sources.get(0).location()));
        assertThat(engines.target(other).sources()).noneMatch(s -> s.id().equals(datasetId));
        assertThat(policies.inspect(actor("admin", Role.AUTHORITY, "330200"), other)).doesNotContain(datasetId);

        assertThat(auditOf(id)).extracting(a -> a.split(" ")[0])
                .containsExactly("owndata.create", "owndata.checks", "owndata.approve");
        assertThat(String.join("\n", auditOf(id))).contains(Sha256.hex(GOOD)).contains("grade 3");

        // Decided: no second decision, no withdrawal, no second upload.
        assertThat(api.post("engineer", "/api/v1/own-data-imports/" + id + "/withdraw", null).code())
                .isEqualTo(ErrorCode.ILLEGAL_OWN_DATA_TRANSITION.name());
        assertThat(api.post("admin", "/api/v1/own-data-imports/" + id + "/decision", Map.of("decision", "REJECT", "reason", "x")).code())
                .isEqualTo(ErrorCode.ILLEGAL_OWN_DATA_TRANSITION.name());
        assertThat(upload("engineer", id, GOOD).code()).isEqualTo(ErrorCode.ILLEGAL_OWN_DATA_TRANSITION.name());

        // The same table name is taken while the import lives; listed for the grant, paged.
        assertThat(declare("engineer", grant, "survey").code()).isEqualTo(ErrorCode.OWN_DATA_TABLE_TAKEN.name());
        JsonNode list = ok(api.get("engineer", "/api/v1/own-data-imports?grantId=" + grant + "&limit=1")).json();
        assertThat(list.isArray() ? list.get(0).path("id").asString() : list.path("items").get(0).path("id").asString()).isEqualTo(id);
    }

    @Test
    void anUndeclaredIdentifyingColumnIsRejectedNamingColumnAndPatternNeverTheValue(CapturedOutput output) throws Exception {
        String grant = fx.activeGrant("own data sentinel " + RUN);
        String id = declare("engineer", grant, "leaky").json().path("id").asString();
        String csv = "person_id,district,visits,note\n" + residentId("33020319880701123") + ",Haishu,3,fine\n"
                + residentId("33020319900215456") + ",Yinzhou,5,called back\n"
                + residentId("33020319900215456") + ",Beilun,2," + SENTINEL + "\n";
        Api.Response rejected = upload("engineer", id, csv);
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        JsonNode body = rejected.json();
        assertThat(body.path("state").asString()).isEqualTo("REJECTED");
        JsonNode failed = body.path("checks").get(2);
        assertThat(failed.path("code").asString()).isEqualTo(ErrorCode.OWN_DATA_UNDECLARED_IDENTIFYING.name());
        assertThat(failed.path("message").asString()).contains("column note").contains("resident-id");
        assertThat(ownSources.of(grant)).isEmpty();
        assertThat(Files.exists(ownSources.directory(imports.get(actor("admin", Role.AUTHORITY, "330200"), id)).resolve("data.csv")))
                .as("nothing of a rejected file is kept").isFalse();
        assertThat(noticesOf(id)).anyMatch(n -> n.startsWith("owndata.rejected engineer"));

        String everything = rejected.text() + api.get("engineer", "/api/v1/own-data-imports/" + id).text()
                + api.get("admin", "/api/v1/own-data-imports?grantId=" + grant).text()
                + String.join("\n", auditOf(id)) + String.join("\n", noticesOf(id))
                + String.join("\n", jdbc.sql("SELECT checks FROM own_data_imports WHERE id = ?").param(id).query(String.class).list());
        assertThat(everything).doesNotContain(SENTINEL);
        assertThat(output.getAll()).as("the controller's log").doesNotContain(SENTINEL);
    }

    @Test
    void schemaAndSizeFailuresRejectWithTheirOwnCodesAndKeepNothing(CapturedOutput output) throws Exception {
        String grant = fx.activeGrant("own data checks " + RUN);
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("header", new Object[] {"person_id,visits,district,note\n" + SENTINEL + ",3,Haishu,x\n", ErrorCode.OWN_DATA_WRONG_HEADER, "line 1"});
        cases.put("type", new Object[] {"person_id,district,visits,note\n" + SENTINEL + ",Haishu,many,x\n", ErrorCode.OWN_DATA_BAD_VALUE, "column visits"});
        cases.put("fields", new Object[] {"person_id,district,visits,note\n" + SENTINEL + ",Haishu\n", ErrorCode.OWN_DATA_MALFORMED, "line 2"});
        cases.put("empty", new Object[] {"person_id,district,visits,note\n", ErrorCode.OWN_DATA_MALFORMED, "no row"});
        int n = 0;
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            String id = declare("engineer", grant, "t" + (n++)).json().path("id").asString();
            Api.Response r = upload("engineer", id, (String) c.getValue()[0]);
            assertThat(r.status()).as(c.getKey() + " " + r).isEqualTo(200);
            assertThat(r.json().path("state").asString()).as(c.getKey()).isEqualTo("REJECTED");
            JsonNode check = r.json().path("checks").get(0);
            assertThat(check.path("code").asString()).as(c.getKey()).isEqualTo(((ErrorCode) c.getValue()[1]).name());
            assertThat(check.path("message").asString()).as(c.getKey()).contains((String) c.getValue()[2]);
            assertThat(r.text()).as(c.getKey()).doesNotContain(SENTINEL);
            assertThat(String.join("\n", auditOf(id))).as(c.getKey()).doesNotContain(SENTINEL);
        }
        // The caps: more rows than allowed, more bytes than allowed (declared, or found while streaming).
        Actor engineer = new Actor("engineer", "Zhang Wei", Set.of(Role.ENGINEER), Optional.of(Jurisdiction.MUNICIPAL));
        String rows = declare("engineer", grant, "rows").json().path("id").asString();
        OwnDataImport tooMany = imports.upload(engineer, rows, -1, new ByteArrayInputStream(GOOD.getBytes(StandardCharsets.UTF_8)),
                new OwnDataImports.Limits(1 << 20, 1));
        assertThat(tooMany.state()).isEqualTo(OwnDataState.REJECTED);
        assertThat(tooMany.checks().get(0).code()).contains(ErrorCode.OWN_DATA_TOO_LARGE);
        assertThat(tooMany.checks().get(0).message()).contains("more than 1 rows");
        String bytes = declare("engineer", grant, "bytes").json().path("id").asString();
        OwnDataImport tooBig = imports.upload(engineer, bytes, -1, new ByteArrayInputStream(GOOD.getBytes(StandardCharsets.UTF_8)),
                new OwnDataImports.Limits(40, 100));
        assertThat(tooBig.checks().get(0).code()).contains(ErrorCode.OWN_DATA_TOO_LARGE);
        String declared = declare("engineer", grant, "declared").json().path("id").asString();
        OwnDataImport declaredTooBig = imports.upload(engineer, declared, 1_000, new ByteArrayInputStream(new byte[0]),
                new OwnDataImports.Limits(40, 100));
        assertThat(declaredTooBig.state()).isEqualTo(OwnDataState.REJECTED);
        assertThat(declaredTooBig.checks().get(0).check()).isEqualTo("size");
        assertThat(output.getAll()).as("the controller's log").doesNotContain(SENTINEL);

        // A declaration that is not one: refused with its own code, nothing stored.
        Map<String, Object> bad = new HashMap<>(Map.of("grantId", grant, "tableName", "Bad-Name", "source", "s", "legalBasis", "l",
                "purpose", "p", "columns", List.of(column("a", "string", "PUBLIC", 1))));
        assertThat(api.post("engineer", "/api/v1/own-data-imports", bad).code()).isEqualTo(ErrorCode.OWN_DATA_INVALID_DECLARATION.name());
        bad.put("tableName", "ok_name");
        bad.put("columns", List.of(column("a", "string", "CONTACT", 1)));
        assertThat(api.post("engineer", "/api/v1/own-data-imports", bad).code()).isEqualTo(ErrorCode.OWN_DATA_INVALID_DECLARATION.name());
        bad.put("columns", List.of(Map.of("name", "a", "type", "string", "classification", "CONTACT", "grade", 3, "identifying", false)));
        assertThat(api.post("engineer", "/api/v1/own-data-imports", bad).code()).isEqualTo(ErrorCode.OWN_DATA_INVALID_DECLARATION.name());
        bad.put("columns", List.of(column("a", "string", "PUBLIC", 1)));
        bad.remove("legalBasis");
        assertThat(api.post("engineer", "/api/v1/own-data-imports", bad).code()).isEqualTo(ErrorCode.OWN_DATA_INVALID_DECLARATION.name());
    }

    @Test
    void onlyMembersImportOnlyTheGrantsAuthorityDecidesAndOthersSeeNothing() throws Exception {
        String grant = fx.activeGrant("own data roles " + RUN);
        // Not a member of the grant (another organization's engineer): as if the grant did not exist.
        assertThat(declare("engineer2", grant, "x").status()).isEqualTo(404);
        // Roles outside the rule: refused before anything.
        assertThat(declare("expert", grant, "x").code()).isEqualTo(ErrorCode.FORBIDDEN_ROLE.name());
        assertThat(declare("admin", grant, "x").code()).isEqualTo(ErrorCode.FORBIDDEN_ROLE.name());

        String id = declare("engineer", grant, "roles").json().path("id").asString();
        assertThat(api.get("engineer2", "/api/v1/own-data-imports/" + id).status()).isEqualTo(404);
        assertThat(upload("engineer2", id, GOOD).status()).isEqualTo(404);
        assertThat(api.get("applicant2", "/api/v1/own-data-imports?grantId=" + grant).json()).isEmpty();
        // A decision before the checks is refused by the table.
        assertThat(api.post("admin", "/api/v1/own-data-imports/" + id + "/decision", Map.of("decision", "APPROVE", "reason", "r")).code())
                .isEqualTo(ErrorCode.ILLEGAL_OWN_DATA_TRANSITION.name());
        assertThat(upload("engineer", id, GOOD).json().path("state").asString()).isEqualTo("IN_REVIEW");

        assertThat(api.post("engineer", "/api/v1/own-data-imports/" + id + "/decision", Map.of("decision", "APPROVE", "reason", "r")).code())
                .isEqualTo(ErrorCode.FORBIDDEN_ROLE.name());
        assertThat(api.post("county-admin", "/api/v1/own-data-imports/" + id + "/decision", Map.of("decision", "APPROVE", "reason", "r")).code())
                .isEqualTo(ErrorCode.NOT_OWN_DATA_REVIEWER.name());
        assertThat(api.post("admin", "/api/v1/own-data-imports/" + id + "/decision", Map.of("decision", "REJECT")).code())
                .isEqualTo(ErrorCode.OWN_DATA_INVALID_DECLARATION.name());
        assertThat(api.post("admin", "/api/v1/own-data-imports/" + id + "/decision", Map.of("decision", "MAYBE", "reason", "r")).code())
                .isEqualTo(ErrorCode.OWN_DATA_INVALID_DECLARATION.name());
        assertThat(ok(api.get("engineer", "/api/v1/own-data-imports/" + id)).json().path("state").asString()).isEqualTo("IN_REVIEW");

        Api.Response rejected = api.post("admin", "/api/v1/own-data-imports/" + id + "/decision",
                Map.of("decision", "REJECT", "reason", "legal basis does not cover this purpose"));
        assertThat(rejected.json().path("state").asString()).as(rejected.toString()).isEqualTo("REJECTED");
        assertThat(rejected.json().path("reason").asString()).isEqualTo("legal basis does not cover this purpose");
        assertThat(noticesOf(id)).anyMatch(n -> n.startsWith("owndata.rejected engineer"));
        assertThat(auditOf(id)).extracting(a -> a.split(" ")[0]).containsExactly("owndata.create", "owndata.checks", "owndata.reject");

        // Withdrawal by a member, before a decision; a rejected name may be used again.
        String again = declare("engineer", grant, "roles").json().path("id").asString();
        Api.Response withdrawn = api.post("engineer", "/api/v1/own-data-imports/" + again + "/withdraw", null);
        assertThat(withdrawn.json().path("state").asString()).as(withdrawn.toString()).isEqualTo("WITHDRAWN");
        assertThat(upload("engineer", again, GOOD).code()).isEqualTo(ErrorCode.ILLEGAL_OWN_DATA_TRANSITION.name());
    }

    @Test
    void anEndedGrantTakesNoImportAndItsOwnDataLeavesWithTheWorkspace() throws Exception {
        String grant = fx.activeGrant("own data end " + RUN);
        String inReview = declare("engineer", grant, "pending").json().path("id").asString();
        ok(upload("engineer", inReview, GOOD));
        String done = declare("engineer", grant, "done").json().path("id").asString();
        ok(upload("engineer", done, GOOD));
        ok(api.post("admin", "/api/v1/own-data-imports/" + done + "/decision", Map.of("decision", "APPROVE", "reason", "ok")));
        String draft = declare("engineer", grant, "draft").json().path("id").asString();
        String datasetId = OwnDataImport.datasetId(done, "done");
        assertThat(policies.compile(grant).policies()).isNotEmpty();
        assertThat(policies.compile(grant).policiesJson(false)).contains(datasetId);

        fx.end(grant, "TERMINATE");
        assertThat(declare("engineer", grant, "late").code()).isIn(ErrorCode.GRANT_NOT_ACTIVE.name(), ErrorCode.NOT_FOUND.name());
        assertThat(api.post("admin", "/api/v1/own-data-imports/" + inReview + "/decision", Map.of("decision", "APPROVE", "reason", "ok")).code())
                .isEqualTo(ErrorCode.GRANT_NOT_ACTIVE.name());
        Api.Response late = upload("engineer", draft, GOOD);
        assertThat(late.code()).as(late.toString()).isIn(ErrorCode.GRANT_NOT_ACTIVE.name(), ErrorCode.NOT_FOUND.name());
        assertThat(ok(api.get("admin", "/api/v1/own-data-imports/" + draft)).json().path("state").asString()).isEqualTo("DRAFT");
        // The workspace's policies are closed: the own data is no longer readable by anyone.
        assertThat(policies.compile(grant).policies()).isEmpty();
        assertThat(ownSources.directory(imports.get(actor("admin", Role.AUTHORITY, "330200"), done)))
                .as("kept in the workspace's data directory, which the grant's end deletes with everything else")
                .startsWith(workspaces.layout(grant).data());
    }

    @Test
    void identifyingPatternsAreRecognisedWithTheirChecks() {
        assertThat(IdentifyingPatterns.match(SENTINEL)).contains("resident-id");
        String badCheck = SENTINEL.substring(0, 17) + (SENTINEL.charAt(17) == '0' ? '1' : '0');
        assertThat(IdentifyingPatterns.match(badCheck)).isEmpty();
        assertThat(IdentifyingPatterns.match("13812345678")).contains("mobile-phone");
        assertThat(IdentifyingPatterns.match("+86 13812345678")).contains("mobile-phone");
        assertThat(IdentifyingPatterns.match("12812345678")).isEmpty();
        String first17 = "91330200" + "MA2H12345";
        assertThat(IdentifyingPatterns.match(first17 + Uscc.checkCharacter(first17))).contains("uscc");
        assertThat(IdentifyingPatterns.match("4111111111111111")).contains("bank-card");
        assertThat(IdentifyingPatterns.match("4111111111111112")).isEmpty();
        assertThat(IdentifyingPatterns.match("zhang.wei@example.com")).contains("email");
        assertThat(IdentifyingPatterns.match("Haishu")).isEmpty();
        assertThat(IdentifyingPatterns.match("12345")).isEmpty();
    }
}

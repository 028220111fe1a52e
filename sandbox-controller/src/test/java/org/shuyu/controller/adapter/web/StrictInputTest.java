package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.support.RawHttp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Strict input, one error shape (issue 14): every kind of malformed input is refused with 400 problem+json, a stable
 * code and the offending field named, is audited as a refusal, and changes nothing; so is every rejection made
 * before a controller is reached.
 */
@PlatformTest
@Tag("R-24d")
class StrictInputTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    Api api;
    RawHttp raw;
    LifecycleFixture fx;
    String org;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        raw = new RawHttp(port);
        fx = new LifecycleFixture(api, jdbc, clock);
        org = fx.organization("applicant", "330200");
    }

    private long rows(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    private long refusals(String code) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE outcome = 'REFUSED' AND code = ?").param(code).query(Long.class).single();
    }

    private Map<String, Object> lab(Object datasetIds, Object months) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("organizationId", org);
        body.put("datasetIds", datasetIds);
        body.put("developmentApproach", "a");
        body.put("marketPlan", "b");
        body.put("months", months);
        return body;
    }

    /** The body is refused with {@code code} naming {@code field}, one refusal is audited, and no lab is written. */
    private void refusedLab(String body, String code, String field) {
        long labs = rows("labs");
        long audited = refusals(code);
        Api.Response r = api.post("applicant", "/api/v1/labs", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        if (field != null) {
            assertThat(r.json().path("field").asString()).as(r.toString()).isEqualTo(field);
            assertThat(r.json().path("detail").asString()).contains(field);
        }
        assertThat(r.text()).doesNotContain("tools.jackson").doesNotContain("Exception").doesNotContain("java.");
        assertThat(rows("labs")).isEqualTo(labs);
        assertThat(refusals(code)).isEqualTo(audited + 1);
    }

    private String json(Object body) {
        return Api.toJson(body);
    }

    @Test
    void aValidLabRequestStillPasses() {
        Api.Response r = api.post("applicant", "/api/v1/labs", lab(List.of("registry.enterprises"), 3));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    @Test
    void nullListElementsAreRefusedWithTheirIndex() {
        refusedLab(json(lab(Arrays.asList("registry.enterprises", null), 3)), "INVALID_FIELD", "datasetIds[1]");
    }

    @Test
    void nullItemsOfPersonnelAreRefused() {
        Map<String, Object> items = new LinkedHashMap<>(LifecycleFixture.vettingItems(fx.today().minusDays(3)));
        items.put("PRE_JOB_TRAINING", null);
        long before = rows("personnel");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "E");
        body.put("items", items);
        Api.Response r = api.put("applicant", "/api/v1/organizations/" + org + "/personnel/engineer", json(body));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("INVALID_FIELD");
        assertThat(r.json().path("field").asString()).isEqualTo("items.PRE_JOB_TRAINING");
        assertThat(rows("personnel")).isEqualTo(before);
    }

    @Test
    void unknownFieldsAreRefused() {
        Map<String, Object> body = lab(List.of("registry.enterprises"), 3);
        body.put("priority", "high");
        refusedLab(json(body), "INVALID_FIELD", "priority");
    }

    @Test
    void duplicateKeysAreRefused() {
        String body = "{\"organizationId\":\"" + org + "\",\"datasetIds\":[\"registry.enterprises\"],\"developmentApproach\":\"a\","
                + "\"marketPlan\":\"b\",\"months\":3,\"months\":30}";
        refusedLab(body, "INVALID_FIELD", "months");
    }

    @Test
    void numbersAsStringsAndStringsAsNumbersAreRefused() {
        refusedLab(json(lab(List.of("registry.enterprises"), "3")), "INVALID_FIELD", "months");
        refusedLab(json(lab(List.of(42), 3)), "INVALID_FIELD", "datasetIds[0]");
        Map<String, Object> body = lab(List.of("registry.enterprises"), 3);
        body.put("marketPlan", true);
        refusedLab(json(body), "INVALID_FIELD", "marketPlan");
    }

    @Test
    void fractionalMonthsAreRefusedNotTruncated() {
        refusedLab(json(lab(List.of("registry.enterprises"), 2.5)), "INVALID_FIELD", "months");
    }

    @Test
    void booleansAsStringsAreRefused() {
        long before = refusals("INVALID_FIELD");
        Api.Response r = api.put("provider", "/api/v1/datasets/registry.enterprises/consents/subject-1",
                "{\"granted\":\"true\",\"evidence\":\"e\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.code()).isIn("INVALID_FIELD");
        assertThat(refusals("INVALID_FIELD")).isEqualTo(before + 1);
    }

    @Test
    void nulInTextIsRefused() {
        Map<String, Object> body = lab(List.of("registry.enterprises"), 3);
        body.put("marketPlan", "plan\u0000hidden");
        refusedLab(json(body), "INVALID_FIELD", "marketPlan");
    }

    @Test
    void invalidUtf8IsRefusedNotReplaced() {
        long labs = rows("labs");
        long audited = refusals("INVALID_ENCODING");
        byte[] prefix = ("{\"organizationId\":\"" + org + "\",\"datasetIds\":[\"registry.enterprises\"],\"developmentApproach\":\"")
                .getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\",\"marketPlan\":\"b\",\"months\":3}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
        body[prefix.length + 1] = (byte) 0x28;
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
        RawHttp.Response r = raw.send("POST", "/api/v1/labs", Map.of("Authorization", "Bearer " + api.token("applicant"),
                "Content-Type", "application/json"), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"code\":\"INVALID_ENCODING\"");
        assertThat(rows("labs")).isEqualTo(labs);
        assertThat(refusals("INVALID_ENCODING")).isEqualTo(audited + 1);
    }

    @Test
    void invalidUtf8InAYamlJobSpecIsRefused() {
        byte[] body = "name: x\nsteps:\n  - sql: SELECT '\u00ff'\n".getBytes(StandardCharsets.ISO_8859_1);
        RawHttp.Response r = raw.send("POST", "/api/v1/workspaces/ws-none/jobs", Map.of("Authorization", "Bearer " + api.token("engineer"),
                "Content-Type", "application/yaml"), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.body()).contains("\"code\":\"INVALID_ENCODING\"");
    }

    @Test
    void oversizeBodiesAreRefusedWith413() {
        long audited = refusals("PAYLOAD_TOO_LARGE");
        byte[] body = ("{\"marketPlan\":\"" + "x".repeat(RequestBodyFilter.MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Response r = raw.send("POST", "/api/v1/labs", Map.of("Authorization", "Bearer " + api.token("applicant"),
                "Content-Type", "application/json"), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
        assertThat(refusals("PAYLOAD_TOO_LARGE")).isEqualTo(audited + 1);
    }

    /** A request refused before any controller ran: problem+json with a code, and one audit record of it. */
    private void refusedAtTheEdge(String method, String target, Map<String, String> headers, byte[] body, int status, String code) {
        long audited = refusals(code);
        RawHttp.Response r = raw.send(method, target, headers, body);
        assertThat(r.status()).as(target + " -> " + r).isEqualTo(status);
        assertThat(r.contentType()).as(target + " -> " + r).startsWith("application/problem+json");
        assertThat(r.body()).as(target).contains("\"code\":\"" + code + "\"").doesNotContain("<html").doesNotContain("Exception");
        assertThat(refusals(code)).as(target).isEqualTo(audited + 1);
    }

    private Map<String, String> bearer(String user) {
        return Map.of("Authorization", "Bearer " + api.token(user));
    }

    @Test
    void encodedSeparatorsAndSemicolonsInPathsAreProblems() {
        refusedAtTheEdge("GET", "/api/v1/grants/a%2Fb", bearer("admin"), null, 400, "MALFORMED_REQUEST");
        refusedAtTheEdge("GET", "/api/v1/grants/a%2fb/members", Map.of(), null, 400, "MALFORMED_REQUEST");
        refusedAtTheEdge("GET", "/api/v1/grants/a%5Cb", bearer("admin"), null, 400, "MALFORMED_REQUEST");
        refusedAtTheEdge("GET", "/api/v1/grants/a;b", bearer("admin"), null, 400, "MALFORMED_REQUEST");
        refusedAtTheEdge("GET", "/api/v1/grants/a%3Bb", bearer("admin"), null, 400, "MALFORMED_REQUEST");
        refusedAtTheEdge("GET", "/api/v1/grants/%zz", bearer("admin"), null, 400, "MALFORMED_REQUEST");
        refusedAtTheEdge("GET", "/api/v1//grants", bearer("admin"), null, 400, "MALFORMED_REQUEST");
        refusedAtTheEdge("GET", "/api/v1/grants/%00", bearer("admin"), null, 400, "MALFORMED_REQUEST");
    }

    @Test
    void unknownRoutesWrongMethodsAndMediaTypesAreProblems() {
        refusedAtTheEdge("GET", "/no/such/route", bearer("admin"), null, 404, "NOT_FOUND");
        refusedAtTheEdge("GET", "/api/v1/no-such-thing", bearer("admin"), null, 403, "FORBIDDEN_ROLE");
        refusedAtTheEdge("DELETE", "/api/v1/me", bearer("admin"), null, 403, "FORBIDDEN_ROLE");
        refusedAtTheEdge("PUT", "/v3/api-docs", Map.of(), new byte[0], 401, "UNAUTHENTICATED");
        Map<String, String> xml = new HashMap<>(bearer("applicant"));
        xml.put("Content-Type", "application/xml");
        refusedAtTheEdge("POST", "/api/v1/labs", xml, "<lab/>".getBytes(StandardCharsets.UTF_8), 415, "UNSUPPORTED_MEDIA_TYPE");
        refusedAtTheEdge("BREW", "/api/v1/me", bearer("admin"), null, 400, "MALFORMED_REQUEST");
    }

    @Test
    void oversizeHeadersAreProblems() {
        Map<String, String> huge = new HashMap<>(bearer("admin"));
        huge.put("X-Padding", "p".repeat(20_000));
        refusedAtTheEdge("GET", "/api/v1/me", huge, null, 400, "MALFORMED_REQUEST");
    }

    @Test
    void malformedQueryParametersAreProblems() {
        refusedAtTheEdge("GET", "/api/v1/workspaces/x/jobs?limit=abc", bearer("admin"), null, 400, "INVALID_PAGE");
        refusedAtTheEdge("GET", "/api/v1/audit?from=yesterday", bearer("security"), null, 400, "AUDIT_QUERY_INVALID");
        refusedAtTheEdge("GET", "/api/v1/audit?actor=%zz", bearer("security"), null, 400, "MALFORMED_REQUEST");
    }
}

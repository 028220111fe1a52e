package org.shuyu.controller.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
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

/** Real material documents (R-13, issue 18): uploaded bytes, the hash computed by the platform, checked on download. */
@PlatformTest
class MaterialDocumentsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

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

    private String draftApplication() {
        String org = fx.organization("applicant", "330200");
        String lab = fx.completedLab("applicant", "admin", org, List.of(fx.dataset("OPEN")));
        Api.Response app = fx.createApplication("applicant", lab, "MUNICIPAL", "scenario " + fx.unique("s"));
        assertThat(app.status()).as(app.toString()).isEqualTo(201);
        return app.json().path("id").asString();
    }

    private HttpResponse<byte[]> upload(String user, String applicationId, String kind, String name, byte[] bytes, String query) {
        String path = "/api/v1/applications/" + applicationId + "/materials/" + kind + "/document?documentName="
                + URLEncoder.encode(name, StandardCharsets.UTF_8) + (query == null ? "" : "&" + query);
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + api.token(user))
                .header("Content-Type", "application/pdf")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    private HttpResponse<byte[]> download(String user, String applicationId, String kind) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/applications/" + applicationId
                        + "/materials/" + kind + "/document"))
                .header("Authorization", "Bearer " + api.token(user)).GET());
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        return JSON.readTree(new String(response.body(), StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] document(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes); // not UTF-8: a binary document is stored as it is
        return bytes;
    }

    @Test
    @Tag("R-13")
    void uploadRecordsTheComputedHashAndDownloadAnswersTheSameBytesToReaders() throws Exception {
        String app = draftApplication();
        byte[] bytes = document(300_000);
        long audited = jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE detail LIKE ?").param("%" + sha256(bytes) + "%")
                .query(Long.class).single();

        HttpResponse<byte[]> put = upload("applicant", app, "application-form", "申请表 form.pdf", bytes, null);

        assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode material = json(put).path("materials").path("APPLICATION_FORM");
        assertThat(material.path("sha256").asString()).isEqualTo(sha256(bytes));
        assertThat(material.path("documentName").asString()).isEqualTo("申请表 form.pdf");
        assertThat(json(put).path("missingMaterials").toString()).doesNotContain("APPLICATION_FORM");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE detail LIKE ?").param("%" + sha256(bytes) + "%")
                .query(Long.class).single()).isEqualTo(audited + 1);

        for (String reader : List.of("applicant", "admin", "expert", "provider", "coordination", "leading-group", "security")) {
            HttpResponse<byte[]> get = download(reader, app, "application-form");
            assertThat(get.statusCode()).as(reader).isEqualTo(200);
            assertThat(get.body()).as(reader).isEqualTo(bytes);
            assertThat(get.headers().firstValue("X-Content-SHA256")).hasValue(sha256(bytes));
            assertThat(get.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
            assertThat(get.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;")
                    .contains("filename*=UTF-8''");
        }
    }

    @Test
    @Tag("R-13")
    void strangersCannotDownload() {
        String app = draftApplication();
        assertThat(upload("applicant", app, "data-security-commitment", "c.pdf", document(1000), null).statusCode()).isEqualTo(200);

        long refusals = jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE outcome = 'REFUSED' AND actor = 'engineer'")
                .query(Long.class).single();
        HttpResponse<byte[]> engineer = download("engineer", app, "data-security-commitment");
        assertThat(engineer.statusCode()).isEqualTo(403);
        assertThat(json(engineer).path("code").asString()).isEqualTo("FORBIDDEN_ROLE");
        // The refusal is audited, though its raw path is longer than the audit record's action column.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE outcome = 'REFUSED' AND actor = 'engineer'")
                .query(Long.class).single()).isEqualTo(refusals + 1);

        HttpResponse<byte[]> other = download("applicant2", app, "data-security-commitment");
        assertThat(other.statusCode()).isIn(403, 404);
        assertThat(other.body()).doesNotContain((byte) 0x00); // a problem, not the document
        assertThat(json(other).path("code").asString()).isNotEmpty();

        HttpResponse<byte[]> upload = upload("applicant2", app, "application-form", "x.pdf", document(10), null);
        assertThat(upload.statusCode()).isIn(403, 404);
    }

    @Test
    @Tag("R-13")
    void refusesTooLargeAndEmptyDocumentsAndWritesNothing() {
        String app = draftApplication();
        HttpResponse<byte[]> large = upload("applicant", app, "application-form", "big.pdf",
                new byte[(int) MaterialDocuments.MAX_DOCUMENT_BYTES + 1], null);
        assertThat(large.statusCode()).isEqualTo(422);
        assertThat(json(large).path("code").asString()).isEqualTo("MATERIAL_DOCUMENT_TOO_LARGE");

        HttpResponse<byte[]> larger = upload("applicant", app, "application-form", "bigger.pdf",
                new byte[(int) MaterialDocuments.MAX_DOCUMENT_BYTES + 100], null);
        assertThat(larger.statusCode()).isEqualTo(413);

        HttpResponse<byte[]> empty = upload("applicant", app, "application-form", "empty.pdf", new byte[0], null);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty).path("code").asString()).isEqualTo("MATERIAL_DOCUMENT_EMPTY");

        assertThat(jdbc.sql("SELECT COUNT(*) FROM material_documents WHERE application_id = ?").param(app)
                .query(Long.class).single()).isZero();
        assertThat(api.get("applicant", "/api/v1/applications/" + app).json().path("materials").has("APPLICATION_FORM")).isFalse();
    }

    @Test
    @Tag("R-13")
    void refusedAfterSubmissionAndForThePlatformsReport() {
        String app = draftApplication();
        fx.provideMaterials("applicant", app);
        ok(api.post("applicant", "/api/v1/applications/" + app + "/submit", null));

        HttpResponse<byte[]> late = upload("applicant", app, "application-form", "late.pdf", document(100), null);
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late).path("code").asString()).isEqualTo("ILLEGAL_TRANSITION");

        HttpResponse<byte[]> report = upload("applicant", draftApplication(), "lab-evaluation-report", "r.pdf", document(100), null);
        assertThat(report.statusCode()).isEqualTo(422);
        assertThat(json(report).path("code").asString()).isEqualTo("MATERIAL_ISSUED_BY_PLATFORM");

        // A material recorded by name and hash only has no document to download.
        HttpResponse<byte[]> missing = download("admin", app, "application-form");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("code").asString()).isEqualTo("MATERIAL_DOCUMENT_MISSING");
    }

    @Test
    @Tag("R-13")
    void financialReportsNeedTheirPeriod() {
        String app = draftApplication();
        HttpResponse<byte[]> without = upload("applicant", app, "audit-and-financial-reports", "audit.pdf", document(100), null);
        assertThat(without.statusCode()).isEqualTo(422);
        assertThat(json(without).path("code").asString()).isEqualTo("FINANCIAL_PERIOD_INVALID");

        String lastYearEnd = (fx.today().getYear() - 1) + "-12-31";
        HttpResponse<byte[]> with = upload("applicant", app, "audit-and-financial-reports", "audit.pdf", document(100),
                "periodEnd=" + lastYearEnd);
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(json(with).path("materials").path("AUDIT_AND_FINANCIAL_REPORTS").path("periodEnd").asString()).isEqualTo(lastYearEnd);
    }

    @Test
    @Tag("R-13")
    void aTamperedDocumentIsNotServed() {
        String app = draftApplication();
        assertThat(upload("applicant", app, "application-form", "form.pdf", document(500), null).statusCode()).isEqualTo(200);
        jdbc.sql("UPDATE material_documents SET content = ? WHERE application_id = ? AND kind = 'APPLICATION_FORM'")
                .params(document(501), app).update();

        HttpResponse<byte[]> get = download("admin", app, "application-form");

        assertThat(get.statusCode()).isEqualTo(500);
        assertThat(json(get).path("code").asString()).isEqualTo("MATERIAL_DOCUMENT_TAMPERED");
    }
}

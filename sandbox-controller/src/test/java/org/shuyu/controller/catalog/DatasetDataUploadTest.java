package org.shuyu.controller.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A provider registers its dataset's data through the API (R-07, docs/storage.md): streamed to the shared storage,
 * checked against the schema, moved into place atomically, audited with counts and a SHA-256 only. Refusals change
 * nothing and carry no value (sentinels seeded in refused rows appear in no response, audit record or file name).
 */
@PlatformTest
@Tag("R-07")
@ExtendWith(OutputCaptureExtension.class)
class DatasetDataUploadTest {
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private static final String SENTINEL = "SENTINEL-UPLOAD-" + RUN + "-7f3a";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SandboxProperties properties;
    @Autowired
    DatasetDataUploads uploads;

    Api api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    /** A new dataset (uscc string, amount decimal(10,2), day date, n int) of the market regulator. */
    String register(String suffix) {
        String id = "upload.t" + RUN + "_" + suffix;
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("providerId", "market-regulation");
        body.put("title", "Upload test " + id);
        body.put("description", "registered by a test");
        body.put("openness", "CONDITIONAL");
        body.put("category", "test");
        body.put("personLevel", false);
        body.put("columns", List.of(
                Map.of("name", "uscc", "type", "string", "description", "code", "classification", "PUBLIC", "grade", 1),
                Map.of("name", "amount", "type", "decimal(10,2)", "description", "amount", "classification", "FINANCIAL", "grade", 2),
                Map.of("name", "day", "type", "date", "description", "day", "classification", "PUBLIC", "grade", 1),
                Map.of("name", "n", "type", "int", "description", "count", "classification", "PUBLIC", "grade", 1)));
        Api.Response created = api.post("provider", "/api/v1/datasets", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return id;
    }

    Api.Response put(String user, String datasetId, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/datasets/" + datasetId + "/data"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + api.token(user))
                .header("Content-Type", "text/csv")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Api.Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    Api.Response put(String user, String datasetId, String csv) throws Exception {
        return put(user, datasetId, csv.getBytes(StandardCharsets.UTF_8));
    }

    Path dir(String datasetId) {
        return properties.dataDir().resolve("sources").resolve(datasetId.substring(0, datasetId.indexOf('.')))
                .resolve(datasetId.substring(datasetId.indexOf('.') + 1));
    }

    List<String> files(String datasetId) throws Exception {
        if (!Files.isDirectory(dir(datasetId))) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir(datasetId))) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theProviderUploadsDataThatReplacesTheOldVersionAtomicallyAndIsAuditedWithCountsOnly(CapturedOutput output) throws Exception {
        String id = register("ok");
        String v1 = "uscc,amount,day,n\r\n" + SENTINEL + "-ok,12.50,2026-01-02,3\r\n\"B, 2\",,2026-01-03,\n";
        Api.Response first = put("provider", id, v1);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        JsonNode r = first.json();
        assertThat(r.path("rows").asLong()).isEqualTo(2);
        assertThat(r.path("bytes").asLong()).isEqualTo(v1.getBytes(StandardCharsets.UTF_8).length);
        assertThat(r.path("sha256").asString()).isEqualTo(Sha256.hex(v1));
        assertThat(Files.readString(dir(id).resolve("data.csv"))).isEqualTo(v1);
        assertThat(files(id)).containsExactly("data.csv");

        String v2 = "uscc,amount,day,n\nC3,1.00,2026-02-01,-7\n";
        Api.Response second = put("provider-tax", id, v2); // any provider of the jurisdiction: the market regulator's is municipal
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(Files.readString(dir(id).resolve("data.csv"))).isEqualTo(v2);

        List<String> details = jdbc.sql("SELECT detail FROM audit_log WHERE action = 'dataset.data.upload' AND subject_id = ? ORDER BY seq")
                .param(id).query(String.class).list();
        assertThat(details).containsExactly(
                "uploaded the data of dataset " + id + ": 2 rows, " + v1.getBytes(StandardCharsets.UTF_8).length + " bytes, sha256 " + Sha256.hex(v1),
                "uploaded the data of dataset " + id + ": 1 rows, " + v2.length() + " bytes, sha256 " + Sha256.hex(v2));
        assertThat(String.join("\n", details)).doesNotContain(SENTINEL).doesNotContain("C3");
        assertThat(output.getAll()).as("the controller's log").doesNotContain(SENTINEL);
    }

    @Test
    void refusedUploadsKeepThePreviousDataLeaveNoFileAndCarryNoValue(CapturedOutput output) throws Exception {
        String id = register("bad");
        String good = "uscc,amount,day,n\nA1,1.00,2026-01-02,3\n";
        assertThat(put("provider", id, good).status()).isEqualTo(200);
        long auditBefore = jdbc.sql("SELECT COUNT(*) FROM audit_log").query(Long.class).single();

        Map<String, Object[]> cases = new HashMap<>();
        cases.put("header", new Object[] {"uscc,amount,n,day\n" + SENTINEL + ",1.00,3,2026-01-02\n", ErrorCode.DATASET_DATA_WRONG_HEADER, "line 1"});
        cases.put("fields", new Object[] {"uscc,amount,day,n\nA1,1.00,2026-01-02,3\n" + SENTINEL + ",1.00\n", ErrorCode.DATASET_DATA_MALFORMED, "line 3"});
        cases.put("decimal", new Object[] {"uscc,amount,day,n\nA1,1.005,2026-01-02,3\n", ErrorCode.DATASET_DATA_BAD_VALUE, "line 2, column amount"});
        cases.put("precision", new Object[] {"uscc,amount,day,n\nA1,123456789.00,2026-01-02,3\n", ErrorCode.DATASET_DATA_BAD_VALUE, "column amount"});
        cases.put("date", new Object[] {"uscc,amount,day,n\nA1,1.00," + SENTINEL + ",3\n", ErrorCode.DATASET_DATA_BAD_VALUE, "column day: the value is not of type date"});
        cases.put("int", new Object[] {"uscc,amount,day,n\nA1,1.00,2026-01-02,3000000000\n", ErrorCode.DATASET_DATA_BAD_VALUE, "column n"});
        cases.put("quote", new Object[] {"uscc,amount,day,n\n\"" + SENTINEL + "\"\"x\",1.00,2026-01-02,3\n", ErrorCode.DATASET_DATA_BAD_VALUE, "column uscc"});
        cases.put("linebreak", new Object[] {"uscc,amount,day,n\n\"" + SENTINEL + "\nx\",1.00,2026-01-02,3\n", ErrorCode.DATASET_DATA_BAD_VALUE, "column uscc"});
        cases.put("unterminated", new Object[] {"uscc,amount,day,n\n\"" + SENTINEL + ",1.00,2026-01-02,3\n", ErrorCode.DATASET_DATA_MALFORMED, "quoted field"});
        cases.put("empty", new Object[] {"uscc,amount,day,n\n\n", ErrorCode.DATASET_DATA_EMPTY, "no row"});
        cases.put("nothing", new Object[] {"", ErrorCode.DATASET_DATA_WRONG_HEADER, "line 1"});
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            Api.Response refused = put("provider", id, (String) c.getValue()[0]);
            ErrorCode code = (ErrorCode) c.getValue()[1];
            assertThat(refused.code()).as(c.getKey() + ": " + refused).isEqualTo(code.name());
            assertThat(refused.status()).as(c.getKey()).isEqualTo(400);
            assertThat(refused.json().path("detail").asString()).as(c.getKey()).contains((String) c.getValue()[2]);
            assertThat(refused.text()).as(c.getKey()).doesNotContain(SENTINEL);
        }
        byte[] latin1 = ("uscc,amount,day,n\n" + "M\u00fcller,1.00,2026-01-02,3\n").getBytes(StandardCharsets.ISO_8859_1);
        Api.Response notUtf8 = put("provider", id, latin1);
        assertThat(notUtf8.code()).isEqualTo("DATASET_DATA_MALFORMED");
        assertThat(notUtf8.json().path("detail").asString()).contains("UTF-8");

        assertThat(Files.readString(dir(id).resolve("data.csv"))).isEqualTo(good);
        assertThat(files(id)).containsExactly("data.csv");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'dataset.data.upload' AND subject_id = ?")
                .param(id).query(Long.class).single()).isEqualTo(1);
        List<String> newRecords = jdbc.sql("SELECT action || ' ' || COALESCE(detail, '') FROM audit_log WHERE seq > ?")
                .param(auditBefore).query(String.class).list();
        assertThat(newRecords).isNotEmpty(); // each refusal is audited ...
        assertThat(String.join("\n", newRecords)).doesNotContain(SENTINEL); // ... without the value
        assertThat(output.getAll()).as("the controller's log").doesNotContain(SENTINEL);
    }

    @Test
    void onlyTheDatasetsProviderUploadsAndAnUnknownDatasetIsNotFound() throws Exception {
        String id = register("who");
        String csv = "uscc,amount,day,n\nA1,1.00,2026-01-02,3\n";
        Api.Response authority = put("admin", id, csv);
        assertThat(authority.status()).isEqualTo(403);
        Api.Response engineer = put("engineer", id, csv);
        assertThat(engineer.status()).isEqualTo(403);
        Api.Response unknown = put("provider", "upload.none" + RUN, csv);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("NOT_FOUND");
        assertThat(files(id)).isEmpty();

        // A provider-role user of a county does not cover the municipal market regulator.
        Actor county = new Actor("county-provider", "County provider", Set.of(Role.PROVIDER), Optional.of(new Jurisdiction("330212")));
        assertThatThrownBy(() -> uploads.upload(county, id, -1, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_DATASET_PROVIDER));
        // A declared length over the limit is refused before a byte is read.
        Actor provider = new Actor("provider", "Provider", Set.of(Role.PROVIDER), Optional.of(Jurisdiction.MUNICIPAL));
        assertThatThrownBy(() -> uploads.upload(provider, id, Long.MAX_VALUE, new ByteArrayInputStream(new byte[0])))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATASET_DATA_TOO_LARGE));
        assertThat(files(id)).isEmpty();
    }
}

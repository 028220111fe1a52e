package org.shuyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliHarness;
import org.shuyu.cli.support.ExitCode;

/**
 * Behaviour that needs answers a healthy embedded controller does not give on demand: a broken audit chain, a
 * product download (served, refused, cut or altered). A small HTTP server plays the controller's side of the
 * contract (paths, problem+json, the headers the download controller sets).
 */
class DataCommandsOfflineTest {
    private static final byte[] ARROW = "ARROW1\0\0 synthetic snapshot bytes ARROW1".getBytes(StandardCharsets.UTF_8);
    private static HttpServer server;
    private static final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private static Path dir;

    record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {}

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("shuyu-cli-offline");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", DataCommandsOfflineTest::answer);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
        Answer answer = answers.getOrDefault(key, new Answer(404, "application/problem+json",
                "{\"status\":404,\"code\":\"NOT_FOUND\",\"detail\":\"no such thing\"}".getBytes(StandardCharsets.UTF_8),
                Map.of()));
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    private static CliHarness.Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Shuyu.run(Cli.Environment.of(Map.of("SHUYU_SERVER", "http://127.0.0.1:" + server.getAddress().getPort(),
                "SHUYU_TOKEN", "test-token"), dir.resolve("config"), Clock.systemUTC()),
                new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliHarness.Result(code, out.toString(), err.toString());
    }

    private static void json(String key, int status, String body) {
        answers.put(key, new Answer(status, status < 300 ? "application/json" : "application/problem+json",
                body.getBytes(StandardCharsets.UTF_8), Map.of()));
    }

    @Test
    @Tag("R-24d")
    void aBrokenAuditChainExitsOneAndListsTheAnomalies() {
        json("GET /api/v1/audit/verify", 200, """
                {"intact": false, "records": 9, "anomalyCount": 2, "anomalies": [
                  {"seq": 6, "kind": "MISSING", "detail": "seq 6 is absent before seq 7"},
                  {"seq": 8, "kind": "ALTERED", "detail": "hash differs"}]}""");
        CliHarness.Result result = run("audit", "verify");
        assertThat(result.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(result.out()).startsWith("AUDIT CHAIN BROKEN: 9 record(s) checked, 2 anomalies")
                .containsPattern("(?m)^6\\s+MISSING\\s+seq 6 is absent").containsPattern("(?m)^8\\s+ALTERED");
        assertThat(result.err()).contains("error: AUDIT_CHAIN_BROKEN: 2 anomalies");

        json("GET /api/v1/audit/verify", 200, "{\"intact\": true, \"records\": 9, \"anomalyCount\": 0, \"anomalies\": []}");
        CliHarness.Result ok = run("audit", "verify", "-o", "json");
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("\"intact\" : true");
    }

    @Test
    @Tag("R-21a")
    void aDownloadIsWrittenOnlyWhenCompleteAndNeverOverwritesWithoutForce() throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ARROW));
        answers.put("GET /api/v1/products/p-1/download", new Answer(200, "application/vnd.apache.arrow.file", ARROW,
                Map.of("X-Content-SHA256", sha, "Content-Disposition", "attachment; filename=\"../totals-v1.arrow\"")));
        Path file = dir.resolve("totals.arrow");
        CliHarness.Result first = run("products", "download", "p-1", "--scenario", "SME credit scoring", "-O", file.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(ARROW);
        assertThat(first.out()).containsPattern("BYTES\\s+" + ARROW.length).contains(sha);
        assertThat(first.err()).contains("wrote " + ARROW.length + " bytes");

        Files.writeString(file, "mine");
        CliHarness.Result again = run("products", "download", "p-1", "--scenario", "SME credit scoring", "-O", file.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(again.err()).startsWith("error: FILE_EXISTS:");
        assertThat(Files.readString(file)).isEqualTo("mine");
        CliHarness.Result forced = run("products", "download", "p-1", "--scenario", "SME credit scoring", "-O",
                file.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(ARROW);

        // bytes that are not the reviewed snapshot are not kept
        answers.put("GET /api/v1/products/p-2/download", new Answer(200, "application/vnd.apache.arrow.file", ARROW,
                Map.of("X-Content-SHA256", "00" + sha.substring(2))));
        Path other = dir.resolve("other.arrow");
        CliHarness.Result altered = run("products", "download", "p-2", "--scenario", "s", "-O", other.toString());
        assertThat(altered.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(altered.err()).startsWith("error: DIGEST_MISMATCH:");
        assertThat(other).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    @Tag("R-21a")
    void aRefusedDownloadPrintsTheServersCodeAndItsExitCode() {
        json("GET /api/v1/products/p-3/download", 403, """
                {"status": 403, "code": "SCENARIO_MISMATCH", "detail": "product p-3 serves only its approved scenario"}""");
        Path file = dir.resolve("refused.arrow");
        CliHarness.Result refused = run("products", "download", "p-3", "--scenario", "consumer marketing", "-O", file.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCode.FORBIDDEN);
        assertThat(refused.err().strip()).isEqualTo(
                "error: SCENARIO_MISMATCH: product p-3 serves only its approved scenario (HTTP 403)");
        assertThat(file).doesNotExist();

        json("GET /api/v1/products/p-4/download", 409, """
                {"status": 409, "code": "PRODUCT_NOT_LISTED", "detail": "product p-4 is not listed"}""");
        CliHarness.Result notListed = run("products", "download", "p-4", "--scenario", "s", "-O", file.toString());
        assertThat(notListed.exitCode()).isEqualTo(ExitCode.CONFLICT);
        assertThat(notListed.err()).startsWith("error: PRODUCT_NOT_LISTED:");
    }
}

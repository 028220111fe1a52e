package org.shuyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.ExitCode;

/**
 * The write contract as the life-cycle commands send it, checked on the wire against a small fake server: a change
 * reads the object first and sends its ETag as {@code If-Match} (a stale one ends in 412, exit 6, "changed since you
 * read it" or the server's code); a creation sends an {@code Idempotency-Key}, the same on a retry when given with
 * {@code --idempotency-key}, a fresh one per invocation otherwise.
 */
@Tag("R-17b")
class LifecycleHeadersTest {
    private static final String GRANT = """
            {"id":"g-1","applicationId":"a-1","organizationId":"o-1","state":"%s","accessOpen":true,
             "allowedEvents":[],"scenario":"SME credit scoring","priorityDomain":"INDUSTRY_VALUE","level":"MUNICIPAL",
             "jurisdiction":"330200","datasetIds":[],"decisions":[],"drills":[],"termEnd":"2028-01-01"}""";

    /** One request the fake server received. */
    record Seen(String method, String path, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile String currentEtag = "\"7\"";
    private Path config;

    @BeforeEach
    void start() throws IOException {
        config = Files.createTempDirectory("shuyu-cli-headers");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/grants", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders())));
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (method.equals("GET") && path.equals("/api/v1/grants/g-1")) {
            exchange.getResponseHeaders().add("ETag", currentEtag);
            send(exchange, 200, "application/json", GRANT.formatted("ACTIVE"));
        } else if (method.equals("POST") && path.equals("/api/v1/grants/g-1/suspend")) {
            String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
            if (ifMatch != null && !ifMatch.equals(currentEtag)) {
                exchange.getResponseHeaders().add("ETag", currentEtag);
                send(exchange, 412, "application/problem+json",
                        "{\"status\":412,\"code\":\"PRECONDITION_FAILED\",\"detail\":\"grant g-1 changed\"}");
                return;
            }
            send(exchange, 200, "application/json", GRANT.formatted("SUSPENDED"));
        } else if (method.equals("POST") && path.equals("/api/v1/grants")) {
            exchange.getResponseHeaders().add("Location", "/api/v1/grants/g-1");
            send(exchange, 201, "application/json", GRANT.formatted("AGREED"));
        } else {
            send(exchange, 404, "application/problem+json", "{\"status\":404,\"code\":\"NOT_FOUND\",\"detail\":\"no\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private int run(StringWriter out, StringWriter err, String... args) {
        Map<String, String> env = Map.of("SHUYU_SERVER", "http://127.0.0.1:" + server.getAddress().getPort(),
                "SHUYU_TOKEN", "test-token");
        return Shuyu.run(Cli.Environment.of(env, config, Clock.systemUTC()), new PrintWriter(out, true),
                new PrintWriter(err, true), args);
    }

    @Test
    void aChangeSendsTheETagItReadAsIfMatch() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "grants", "suspend", "g-1", "--violation", "late report",
                "--deadline", "2030-01-01T00:00:00Z");
        assertThat(code).as(err.toString()).isZero();
        assertThat(seen).extracting(Seen::method, Seen::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GET", "/api/v1/grants/g-1"),
                org.assertj.core.groups.Tuple.tuple("POST", "/api/v1/grants/g-1/suspend"));
        assertThat(seen.get(1).header("If-Match")).isEqualTo("\"7\"");
        assertThat(seen.get(1).header("Authorization")).isEqualTo("Bearer test-token");
        assertThat(out.toString()).contains("SUSPENDED");
        assertThat(err.toString()).contains("grant g-1 suspended");
    }

    @Test
    void aStaleWriteEndsInExitSixWithOneLine() {
        // the object changes between the read and the write: the server answers 412
        server.removeContext("/api/v1/grants");
        server.createContext("/api/v1/grants", exchange -> {
            if (exchange.getRequestMethod().equals("GET")) {
                handle(exchange);
                currentEtag = "\"8\"";
            } else {
                handle(exchange);
            }
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "grants", "suspend", "g-1", "--violation", "v", "--deadline", "2030-01-01T00:00:00Z");
        assertThat(code).isEqualTo(ExitCode.CONFLICT);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().strip()).startsWith("error: PRECONDITION_FAILED:").contains("412")
                .doesNotContain("\n");
    }

    @Test
    void creationsSendAnIdempotencyKeyFreshOrGiven() throws IOException {
        Path grant = Files.writeString(config.resolveSibling(config.getFileName() + "-grant.yaml"),
                "applicationId: a-1\ntermStart: 2026-01-01\ntermEnd: 2028-01-01\n");
        for (int i = 0; i < 2; i++) {
            StringWriter out = new StringWriter();
            assertThat(run(out, new StringWriter(), "grants", "create", "-q", "-f", grant.toString())).isZero();
            assertThat(out.toString()).isEqualTo("g-1" + System.lineSeparator());
        }
        for (int i = 0; i < 2; i++) {
            assertThat(run(new StringWriter(), new StringWriter(), "grants", "create", "-f", grant.toString(),
                    "--idempotency-key", "retry-42")).isZero();
        }
        List<String> keys = seen.stream().map(s -> s.header("Idempotency-Key")).toList();
        assertThat(keys).hasSize(4).doesNotContainNull();
        assertThat(keys.get(0)).isNotEqualTo(keys.get(1)).matches("[0-9a-f-]{36}");
        assertThat(keys.subList(2, 4)).containsOnly("retry-42");
        assertThat(seen).allMatch(s -> s.method().equals("POST") && s.header("If-Match") == null);
    }
}

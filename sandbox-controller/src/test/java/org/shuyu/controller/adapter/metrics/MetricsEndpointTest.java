package org.shuyu.controller.adapter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.support.PostgresInitializer;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code /actuator/prometheus} (issue 19, docs/operations.md): only the scrape token opens it (no token, a user's
 * token, a wrong token: 401 problem+json); after some work the platform's series exist and move, and their labels
 * are templates and codes, never raw paths or ids.
 */
@PlatformTest
@Tag("R-24d")
class MetricsEndpointTest {
    @LocalServerPort
    int port;
    Api api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    HttpResponse<String> get(String path, Optional<String> bearer, Optional<String> requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        bearer.ifPresent(b -> request.header("Authorization", "Bearer " + b));
        requestId.ifPresent(id -> request.header("X-Request-Id", id));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String scrape() throws Exception {
        HttpResponse<String> r = get("/actuator/prometheus", Optional.of(PostgresInitializer.SCRAPE_TOKEN), Optional.empty());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return r.body();
    }

    /** The sum of every sample of {@code series} whose labels contain all of {@code labels} ({@code k="v"} each). */
    static double value(String scrape, String series, String... labels) {
        double sum = 0;
        boolean found = false;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "(\\{[^}]*})? ([0-9.eE+-]+|NaN)$").matcher(scrape);
        while (m.find()) {
            String set = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= set.contains(label);
            }
            if (all && !m.group(2).equals("NaN")) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        assertThat(found).as("a sample of %s with %s in:%n%s", series, String.join(",", labels), scrape).isTrue();
        return sum;
    }

    @Test
    void onlyTheScrapeTokenOpensTheMetrics() throws Exception {
        HttpResponse<String> none = get("/actuator/prometheus", Optional.empty(), Optional.empty());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("\"code\":\"UNAUTHENTICATED\"");
        HttpResponse<String> user = get("/actuator/prometheus", Optional.of(api.token("admin")), Optional.empty());
        assertThat(user.statusCode()).as("an operator's API token does not open the metrics").isEqualTo(401);
        HttpResponse<String> wrong = get("/actuator/prometheus", Optional.of(PostgresInitializer.SCRAPE_TOKEN + "x"), Optional.empty());
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> other = get("/actuator/metrics", Optional.of(PostgresInitializer.SCRAPE_TOKEN), Optional.empty());
        assertThat(other.statusCode()).as("the scrape token opens nothing else").isIn(401, 403, 404);
        scrape();
    }

    @Test
    void theSeriesExistAndMoveWithTheWork() throws Exception {
        String before = scrape();
        for (String series : new String[] {"shuyu_jobs", "shuyu_sessions", "shuyu_engines", "shuyu_admission_queue",
                "shuyu_revocation_latency_seconds_count", "shuyu_audit_append_seconds_count"}) {
            assertThat(before).as(series).containsPattern("(?m)^" + series + "[{ ]");
        }
        value(before, "shuyu_jobs", "kind=\"JOB\"", "state=\"QUEUED\"");
        value(before, "shuyu_sessions", "state=\"OPEN\"");
        double forbidden = countOf(before, "shuyu_refusals_total", "code=\"FORBIDDEN_ROLE\"", "source=\"api\"");
        double audits = value(before, "shuyu_audit_append_seconds_count", "kind=\"refusal\"");

        // Work: a listing (200), a forbidden call (403, audited as a refusal), an unknown dataset (404).
        assertThat(api.get("admin", "/api/v1/datasets").status()).isEqualTo(200);
        assertThat(api.get("engineer", "/api/v1/audit").status()).isEqualTo(403);
        assertThat(api.get("admin", "/api/v1/datasets/no.such-dataset-4711").status()).isEqualTo(404);

        String after = scrape();
        assertThat(countOf(after, "shuyu_refusals_total", "code=\"FORBIDDEN_ROLE\"", "source=\"api\""))
                .isGreaterThan(forbidden);
        assertThat(value(after, "shuyu_audit_append_seconds_count", "kind=\"refusal\"")).isGreaterThan(audits);
        assertThat(value(after, "http_server_requests_seconds_count", "uri=\"/api/v1/datasets\"", "status=\"200\""))
                .isPositive();
        // The URI label is the route's template, never the raw path with its id.
        assertThat(after).contains("uri=\"/api/v1/datasets/{id}\"").doesNotContain("no.such-dataset-4711");
    }

    private static double countOf(String scrape, String series, String... labels) {
        return scrape.contains(series + "{") && Pattern.compile("(?m)^" + Pattern.quote(series) + "\\{[^}]*"
                + Pattern.quote(labels[0])).matcher(scrape).find() ? value(scrape, series, labels) : 0;
    }

    @Test
    void everyResponseCarriesItsRequestIdAWellFormedOneIsKept() throws Exception {
        HttpResponse<String> kept = get("/api/v1/datasets", Optional.of(api.token("admin")), Optional.of("req-4711.abc"));
        assertThat(kept.headers().firstValue("X-Request-Id")).contains("req-4711.abc");
        HttpResponse<String> replaced = get("/api/v1/datasets", Optional.of(api.token("admin")),
                Optional.of("bad id <script>"));
        assertThat(replaced.headers().firstValue("X-Request-Id")).hasValueSatisfying(id ->
                assertThat(id).matches("[0-9a-f-]{36}"));
        HttpResponse<String> refused = get("/api/v1/datasets", Optional.empty(), Optional.of("req-refused-1"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("X-Request-Id")).contains("req-refused-1");
    }
}

package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.support.RawHttp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Thousands of generated malformed requests over the real port (issue 14): encoded separators, {@code ;}, bad escapes
 * and control characters in paths, malformed query strings, strange methods, missing or broken tokens, bodies that
 * are not UTF-8, not JSON, or JSON of the wrong shape. Every answer is problem+json with a {@code code}, never a 5xx,
 * and every one is audited: the refusals in the audit log grow by exactly the number of requests.
 */
@PlatformTest
@Tag("R-24d")
class EdgeFuzzTest {
    private static final int REQUESTS = 3_000;
    private static final long SEED = Long.getLong("shuyu.fuzz.seed", 20261203L);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private static final String[] PATHS = {
        "/api/v1/me", "/api/v1/grants", "/api/v1/grants/{id}", "/api/v1/grants/{id}/members", "/api/v1/grants/{id}/access",
        "/api/v1/labs", "/api/v1/labs/{id}", "/api/v1/labs/{id}/approve", "/api/v1/applications/{id}/materials/{id}",
        "/api/v1/workspaces/{id}", "/api/v1/workspaces/{id}/jobs", "/api/v1/workspaces/{id}/tables/{id}/preview",
        "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/log", "/api/v1/products/{id}", "/api/v1/datasets/{id}/consents/{id}",
        "/api/v1/organizations/{id}/personnel/{id}", "/api/v1/audit", "/api/v1/lineage", "/service/plugins/policies/download/{id}",
        "/service/lineage/jobs/{id}/events", "/dev/token", "/v3/api-docs", "/actuator/health", "/error", "/", "/static/{id}",
    };

    /** Segments that no route accepts as they are. */
    private static final String[] BAD_SEGMENTS = {
        "a%2Fb", "a%2fb", "%2F", "a%5Cb", "a;b", ";", "a%3Bb", "%3b", "%00", "a%00b", "%zz", "%", "%g0", "%2e%2e", "..%2F..",
        "%C3%28", "%FF", "%E2%82", "a%0Ab", "a%0D%0Ab", "%7F", "a%09b", "%25", "%252F", "x;jsessionid=1", "a/../b", "..;", "%2e",
    };

    private static final String[] BAD_QUERIES = {
        "?limit=abc", "?limit=1.5", "?limit=-1", "?limit=99999999999999999999", "?a=%zz", "?a=%", "?%=%", "?limit=%00",
        "?dataset=%C3%28", "?depth=x&direction=sideways", "?from=yesterday", "?after=-5", "?maxNodes=1e9", "?limit=",
    };

    private static final String[] CONTENT_TYPES = {
        "application/json", "application/json; charset=UTF-8", "application/yaml", "text/plain", "application/xml",
        "application/octet-stream", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "garbage/ /", "",
    };

    private static final String[] BODIES = {
        "{", "}", "[null]", "null", "{\"a\":1,\"a\":2}", "{\"datasetIds\":[null]}", "{\"months\":\"3\"}", "{\"months\":2.5}",
        "{\"granted\":\"true\"}", "{\"name\":\"\\u0000\"}", "{\"steps\":[{\"sql\":null}]}", "{\"name\":1e999}", "\"text\"",
        "{\"organizationId\":{\"$ne\":1}}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "name: [x\n  - :",
    };

    @Test
    void everyMalformedRequestIsAnAuditedProblem() throws Exception {
        Api api = new Api(port);
        RawHttp raw = new RawHttp(port);
        String[] tokens = {null, "garbage", "Bearer", "Bearer " + "e".repeat(40), "Bearer " + api.token("admin"),
            "Bearer " + api.token("engineer"), "Bearer " + api.token("security")};
        long before = refusals();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                Random random = new Random(SEED + i);
                int n = i;
                done.add(pool.submit(() -> {
                    Request request = generate(random, tokens);
                    RawHttp.Response r;
                    try {
                        r = raw.exchange(request.head(), request.body());
                    } catch (RuntimeException e) {
                        failures.add("#" + n + " " + request + " -> " + e);
                        return;
                    }
                    if (r.status() < 400 || r.status() >= 500 || !r.contentType().startsWith("application/problem+json")
                            || !r.body().matches("(?s).*\"code\":\"[A-Z_]+\".*")) {
                        failures.add("#" + n + " " + request + " -> " + r);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(failures).as("seed " + SEED).isEmpty();
        assertThat(refusals() - before).as("audited refusals, seed " + SEED).isEqualTo(REQUESTS);
    }

    private long refusals() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE outcome = 'REFUSED'").query(Long.class).single();
    }

    record Request(byte[] head, byte[] body) {
        @Override
        public String toString() {
            String h = new String(head, StandardCharsets.ISO_8859_1);
            return h.substring(0, Math.min(200, h.indexOf('\r') < 0 ? h.length() : h.indexOf('\r')));
        }
    }

    /** A request with at least one malformation: in its path, its query, its method, or its body. */
    private static Request generate(Random random, String[] tokens) {
        String template = PATHS[random.nextInt(PATHS.length)];
        int kind = random.nextInt(4);
        StringBuilder path = new StringBuilder();
        boolean malformedPath = kind == 0 || kind == 3 || !template.contains("{id}");
        for (String segment : template.substring(1).split("/", -1)) {
            path.append('/');
            if (segment.equals("{id}")) {
                path.append(malformedPath && random.nextBoolean() ? BAD_SEGMENTS[random.nextInt(BAD_SEGMENTS.length)] : "x" + random.nextInt(1000));
            } else {
                path.append(segment);
            }
        }
        if (malformedPath) {
            // Always at least one bad segment somewhere in the path.
            int at = random.nextInt(path.length() + 1);
            String bad = BAD_SEGMENTS[random.nextInt(BAD_SEGMENTS.length)];
            path.insert(at, at == 0 || path.charAt(at - 1) != '/' ? "/" + bad : bad);
        }
        String query = kind == 1 || random.nextInt(3) == 0 ? BAD_QUERIES[random.nextInt(BAD_QUERIES.length)] : "";
        String[] methods = kind == 2 ? new String[] {"POST", "PUT", "PATCH", "DELETE"} : new String[] {"GET", "POST", "PUT", "DELETE", "PATCH",
            "OPTIONS", "TRACE", "BREW", "get", "PROPFIND", "CONNECT"};
        String method = methods[random.nextInt(methods.length)];
        String token = tokens[random.nextInt(tokens.length)];
        byte[] body = null;
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", token);
        }
        if (kind == 2 || random.nextBoolean()) {
            body = body(random);
            String type = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
            if (!type.isEmpty()) {
                headers.put("Content-Type", type);
            }
        }
        if (random.nextInt(50) == 0) {
            headers.put("X-Padding", "p".repeat(16_000 + random.nextInt(20_000)));
        }
        if (kind == 2 && !malformedPath && query.isEmpty()) {
            // A write with a valid-looking path: its body is malformed, and it names a subject that does not exist.
            path.append("-none");
        }
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(path).append(query).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return new Request(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    private static byte[] body(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] text = BODIES[random.nextInt(BODIES.length)].getBytes(StandardCharsets.UTF_8);
        out.writeBytes(text);
        if (random.nextInt(3) == 0) {
            // Invalid UTF-8: a stray continuation byte, an overlong form, or a truncated sequence.
            byte[][] bad = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};
            out.writeBytes(bad[random.nextInt(bad.length)]);
        }
        return out.toByteArray();
    }
}

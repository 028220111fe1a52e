package org.shuyu.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.shuyu.controller.SandboxApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Identity benchmark (issue 5), not a unit test: a real Keycloak 26.7.3 (the distribution Maven unpacked into
 * target/keycloak) with the project's realm, and the controller in production mode in this JVM, its tokens checked
 * against the realm's JWKS, on a fresh PostgreSQL database.
 * (a) the cost of validating one real Keycloak access token with the controller's own {@link JwtDecoder} bean
 * (signature, issuer, audience, exp/nbf, typ), per call, after warm-up;
 * (b) the controller's throughput and latency on an authenticated read endpoint with N concurrent clients on
 * loopback, each a keep-alive HTTP/1.1 connection sending one request after another, beside the same for the
 * unauthenticated health endpoint as a reference.
 */
public final class IdentityBenchmark {
    private static final String DB_URL = System.getProperty("bench.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String DB_USER = System.getProperty("bench.db.user", "postgres");
    private static final Path KEYCLOAK_HOME = Path.of(System.getProperty("bench.keycloak.home", "target/keycloak/keycloak-26.7.3"));
    private static final Path REALM_FILE = Path.of(System.getProperty("bench.keycloak.realm-file", "../deploy/keycloak/shuyu-realm.json"));
    private static final int DECODES = Integer.getInteger("bench.decodes", 200_000);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 50);
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 10));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 30));

    private IdentityBenchmark() {}

    public static void main(String[] args) throws Exception {
        print("java", System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " processors, max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        String database = "shuyu_bench_identity_" + ProcessHandle.current().pid();
        Process keycloak = null;
        ConfigurableApplicationContext controller = null;
        try {
            int keycloakPort = freePort();
            keycloak = startKeycloak(keycloakPort);
            String issuer = "http://127.0.0.1:" + keycloakPort + "/realms/shuyu";
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            admin("CREATE DATABASE " + database);
            Instant started = Instant.now();
            // Command-line arguments: they outrank application.yml (embedded defaults), as on a real deployment.
            controller = new SpringApplicationBuilder(SandboxApplication.class).run(
                    "--server.port=0",
                    "--sandbox.mode=PRODUCTION",
                    "--sandbox.api.page-token-key=bench-page-token-key-of-at-least-32-characters",
                    "--sandbox.demo-catalog=false",
                    "--sandbox.identity.allow-insecure-dev-issuer=false",
                    "--sandbox.identity.issuer=" + issuer,
                    "--sandbox.identity.jwk-set-uri=" + issuer + "/protocol/openid-connect/certs",
                    "--sandbox.data-dir=target/bench-data",
                    "--spring.datasource.url=" + DB_URL.substring(0, DB_URL.lastIndexOf('/') + 1) + database,
                    "--spring.datasource.username=" + DB_USER,
                    "--spring.datasource.password=",
                    "--logging.level.root=WARN",
                    "--logging.level.org.shuyu=WARN");
            int port = ((WebServerApplicationContext) controller).getWebServer().getPort();
            print("controller", "production mode on 127.0.0.1:" + port + ", started in "
                    + Duration.between(started, Instant.now()).toMillis() + " ms; Tomcat defaults (max 200 threads, keep-alive)");

            decodeCost(controller.getBean(JwtDecoder.class), keycloakPort, issuer);
            String base = "http://127.0.0.1:" + port;
            throughput("GET /actuator/health (no token, reference)", base + "/actuator/health", null);
            throughput("GET /api/v1/me (bearer token)", base + "/api/v1/me", token(keycloakPort, "engineer"));
            throughput("GET /api/v1/datasets (bearer token)", base + "/api/v1/datasets", token(keycloakPort, "engineer"));
        } finally {
            if (controller != null) {
                controller.close();
            }
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            if (keycloak != null) {
                stop(keycloak);
            }
        }
    }

    /** (a) The controller's JwtDecoder on one real token: parse, RS256 verification against the cached JWKS, claim checks. */
    private static void decodeCost(JwtDecoder decoder, int keycloakPort, String issuer) {
        String token = token(keycloakPort, "engineer");
        Jwt first = decoder.decode(token); // fetches the realm's JWKS once
        if (!first.getIssuer().toString().equals(issuer) || !first.getAudience().contains("shuyu-controller")) {
            throw new IllegalStateException("unexpected token " + first.getClaims());
        }
        for (int i = 0; i < DECODES / 4; i++) {
            decoder.decode(token);
        }
        long[] nanos = new long[DECODES];
        long startAll = System.nanoTime();
        for (int i = 0; i < DECODES; i++) {
            long start = System.nanoTime();
            decoder.decode(token);
            nanos[i] = System.nanoTime() - start;
        }
        double seconds = (System.nanoTime() - startAll) / 1e9;
        Arrays.sort(nanos);
        print("(a) JwtDecoder.decode, real Keycloak RS256 token, " + DECODES + " calls after " + DECODES / 4 + " warm-up, one thread",
                String.format("p50 %.1f us, p90 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us; %.0f decodes/s",
                        micros(nanos, 0.50), micros(nanos, 0.90), micros(nanos, 0.99), micros(nanos, 0.999), nanos[nanos.length - 1] / 1e3,
                        DECODES / seconds));
    }

    /** (b) CLIENTS threads, each with its own HTTP/1.1 client (one keep-alive connection), sending back to back. */
    private static void throughput(String what, String url, String bearer) throws Exception {
        List<long[]> perClient = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(CLIENTS);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            long[] latencies = new long[200_000];
            perClient.add(latencies);
            int index = c;
            Thread t = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
                if (bearer != null) {
                    builder.header("Authorization", "Bearer " + bearer);
                }
                HttpRequest request = builder.build();
                int n = 0;
                try {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long elapsed = System.nanoTime() - start;
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        } else if (measuring.get() && n < latencies.length) {
                            latencies[n++] = elapsed;
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    errors.incrementAndGet();
                } finally {
                    perClient.set(index, Arrays.copyOf(latencies, n));
                    done.countDown();
                }
            }, "bench-client-" + c);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        Thread.sleep(WARMUP.toMillis());
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(MEASURE.toMillis());
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("clients did not stop");
        }
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        print("(b) " + what + ", " + CLIENTS + " clients, " + MEASURE.toSeconds() + " s after " + WARMUP.toSeconds() + " s warm-up",
                String.format("%.0f requests/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d requests, %d errors",
                        all.length / seconds, micros(all, 0.50) / 1e3, micros(all, 0.99) / 1e3,
                        all.length == 0 ? 0 : all[all.length - 1] / 1e6, all.length, errors.get()));
        if (errors.get() > 0) {
            throw new IllegalStateException(errors.get() + " requests failed in " + what);
        }
    }

    private static double micros(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e3;
    }

    /** An access token of a demo user by the realm's test-only password grant (demo-only password, not a secret). */
    private static String token(int keycloakPort, String username) {
        String form = Stream.of("grant_type=password", "client_id=shuyu-test", "username=" + username, "password=demo-only-" + username)
                .map(p -> p.substring(0, p.indexOf('=') + 1) + URLEncoder.encode(p.substring(p.indexOf('=') + 1), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + keycloakPort
                        + "/realms/shuyu/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
            if (!m.find()) {
                throw new IllegalStateException("no token for " + username + ": " + body);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Keycloak start-dev on a free loopback port with the realm imported into a fresh database. */
    private static Process startKeycloak(int port) throws Exception {
        Path home = KEYCLOAK_HOME.toAbsolutePath();
        Path data = home.resolve("data");
        if (Files.exists(data)) {
            try (Stream<Path> paths = Files.walk(data)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(data.resolve("import"));
        Files.copy(REALM_FILE.toAbsolutePath(), data.resolve("import/shuyu-realm.json"));
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        Path log = home.getParent().resolve("keycloak-bench.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev", "--http-host=127.0.0.1",
                "--http-port=" + port, "--http-management-port=" + freePort(), "--import-realm",
                "--spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests=true")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "bench-admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", HexFormat.of().formatHex(random));
        Instant started = Instant.now();
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process)));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/realms/shuyu/.well-known/openid-configuration")).build();
        while (Duration.between(started, Instant.now()).toSeconds() < 300) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited; see " + log);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    print("keycloak", home.getFileName() + " on 127.0.0.1:" + port + ", ready in "
                            + Duration.between(started, Instant.now()).toSeconds() + " s");
                    return process;
                }
            } catch (IOException e) {
                // not yet listening
            }
            Thread.sleep(500);
        }
        stop(process);
        throw new IllegalStateException("Keycloak not ready within 300 s; see " + log);
    }

    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(DB_URL, DB_USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void print(String what, String value) {
        System.out.println("BENCH " + what + ": " + value);
    }
}

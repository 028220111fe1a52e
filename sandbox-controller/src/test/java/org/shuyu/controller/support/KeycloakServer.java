package org.shuyu.controller.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * One real Keycloak server per test JVM, started on first use from the distribution Maven unpacked into
 * {@code target/keycloak} ({@code shuyu.keycloak.home}), on a free loopback port, with the project's realm
 * ({@code deploy/keycloak/shuyu-realm.json}) imported into a fresh database. A master-realm administrator with a
 * random password made for this run lets tests read the controller client's generated secret and change the realm
 * (keys, clients). A JVM shutdown hook stops it; if it does not come up, its log is printed.
 */
public final class KeycloakServer {
    public static final String REALM = "shuyu";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("shuyu.keycloak.start-timeout-seconds", 300));
    private static KeycloakServer instance;

    private final Process process;
    private final int port;
    private final Path log;
    private final String adminUser = "test-admin";
    private final String adminPassword;
    private Keycloak admin;

    private KeycloakServer(Process process, int port, Path log, String adminPassword) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.adminPassword = adminPassword;
    }

    /** The running server, started by the first caller. */
    public static synchronized KeycloakServer get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The realm's issuer as its tokens carry it when asked on 127.0.0.1. */
    public String issuer() {
        return url() + "/realms/" + REALM;
    }

    public String jwkSetUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    /** The demo-only password of a demo user of the shipped realm (not a secret: see deploy/keycloak/README.md). */
    public static String demoPassword(String username) {
        return "demo-only-" + username;
    }

    /** An admin client logged in to the master realm as this run's administrator. */
    public synchronized Keycloak admin() {
        if (admin == null) {
            admin = KeycloakBuilder.builder().serverUrl(url()).realm("master").clientId("admin-cli")
                    .username(adminUser).password(adminPassword).build();
        }
        return admin;
    }

    /** The secret Keycloak generated for the controller's client when it imported the realm. */
    public String controllerClientSecret() {
        ClientRepresentation client = admin().realm(REALM).clients().findByClientId("shuyu-controller").get(0);
        return admin().realm(REALM).clients().get(client.getId()).getSecret().getValue();
    }

    private static KeycloakServer start() {
        String homeProperty = System.getProperty("shuyu.keycloak.home");
        String realmProperty = System.getProperty("shuyu.keycloak.realm-file");
        if (homeProperty == null || realmProperty == null) {
            throw new IllegalStateException("shuyu.keycloak.home and shuyu.keycloak.realm-file are not set: run the *IT tests through"
                    + " `mvn verify`, which unpacks org.keycloak:keycloak-quarkus-dist into target/keycloak");
        }
        Path home = Path.of(homeProperty).toAbsolutePath();
        Path realm = Path.of(realmProperty).toAbsolutePath();
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + home + " (mvn verify unpacks it in pre-integration-test)");
        }
        try {
            // A fresh database every run: the realm is imported anew and nothing of a previous run remains.
            Path data = home.resolve("data");
            deleteTree(data);
            Files.createDirectories(data.resolve("import"));
            Files.copy(realm, data.resolve("import").resolve(REALM + "-realm.json"));
            int port = freePort();
            int management = freePort();
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String adminPassword = HexFormat.of().formatHex(random);
            Path log = home.getParent().resolve("keycloak-" + port + ".log");
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + management, "--import-realm",
                    // The realm ships with brute-force protection, which in Keycloak 26 also refuses a user's logins
                    // that overlap; tests log the same demo user in many times in quick succession on purpose.
                    "--spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests=true")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "test-admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            Instant started = Instant.now();
            Process process = builder.start();
            KeycloakServer server = new KeycloakServer(process, port, log, adminPassword);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-keycloak"));
            server.awaitReady(started);
            System.out.printf("Keycloak %s up on %s in %d s (log %s)%n", home.getFileName(), server.url(),
                    Duration.between(started, Instant.now()).toSeconds(), log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Keycloak from " + home, e);
        }
    }

    private void awaitReady(Instant started) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        while (Duration.between(started, Instant.now()).compareTo(READY_TIMEOUT) < 0) {
            if (!process.isAlive()) {
                fail("Keycloak exited with status " + process.exitValue() + " before it was ready");
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for Keycloak");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for Keycloak");
            }
        }
        fail("Keycloak was not ready within " + READY_TIMEOUT.toSeconds() + " s");
    }

    private void fail(String message) {
        stop();
        System.err.println("---- " + log + " (last 200 lines) ----");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            lines.subList(Math.max(0, lines.size() - 200), lines.size()).forEach(System.err::println);
        } catch (IOException e) {
            System.err.println("(cannot read the log: " + e + ")");
        }
        throw new IllegalStateException(message + "; its log is above and in " + log);
    }

    private void stop() {
        if (admin != null) {
            admin.close();
        }
        // kc.sh forwards TERM to its java child; the children are signalled too, in case it does not.
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package org.shuyu.controller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.shuyu.controller.SandboxApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Production mode refuses to start with settings that weaken identity checks. */
@Tag("R-06")
class InsecureSettingsCheckTest {
    private static final String ISSUER = "https://keycloak.test/realms/shuyu";
    private static final String JWKS = "http://127.0.0.1:1/realms/shuyu/protocol/openid-connect/certs";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Test
    void acceptsASecureProductionConfiguration() {
        assertThat(InsecureSettingsCheck.problems(properties(SandboxProperties.Mode.PRODUCTION, false, ISSUER, JWKS, false))).isEmpty();
    }

    @Test
    void refusesTheDevelopmentIssuerInProduction() {
        assertThat(InsecureSettingsCheck.problems(properties(SandboxProperties.Mode.PRODUCTION, true, ISSUER, JWKS, false)))
                .containsExactly("sandbox.identity.allow-insecure-dev-issuer=true is only allowed in embedded mode");
    }

    @Test
    void refusesTheDemoCatalogInProduction() {
        assertThat(InsecureSettingsCheck.problems(properties(SandboxProperties.Mode.PRODUCTION, false, ISSUER, JWKS, true)))
                .containsExactly("sandbox.demo-catalog=true is only allowed in embedded mode");
    }

    @Test
    void refusesProductionWithoutAnIssuerOrJwks() {
        String missing = "production mode needs sandbox.identity.issuer and sandbox.identity.jwk-set-uri";
        assertThat(InsecureSettingsCheck.problems(properties(SandboxProperties.Mode.PRODUCTION, false, null, JWKS, false))).containsExactly(missing);
        assertThat(InsecureSettingsCheck.problems(properties(SandboxProperties.Mode.PRODUCTION, false, ISSUER, " ", false))).containsExactly(missing);
        assertThat(InsecureSettingsCheck.problems(properties(SandboxProperties.Mode.PRODUCTION, false, null, null, false))).containsExactly(missing);
    }

    @Test
    void refusesWorkspacesAndJobsOnDifferentBackends() {
        SandboxProperties secure = properties(SandboxProperties.Mode.PRODUCTION, false, ISSUER, JWKS, false);
        SandboxProperties split = new SandboxProperties(secure.mode(), secure.dataDir(), secure.demoCatalog(), secure.identity(),
                secure.audit(), secure.lifecycle(),
                new SandboxProperties.Workspaces(Duration.ofSeconds(10), SandboxProperties.Backend.KUBERNETES), secure.jobs());
        assertThat(InsecureSettingsCheck.problems(split)).singleElement().asString()
                .contains("sandbox.workspaces.provisioner").contains("sandbox.jobs.launcher");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThat(InsecureSettingsCheck.problems(properties(SandboxProperties.Mode.PRODUCTION, true, null, null, true))).hasSize(3);
    }

    @Test
    void embeddedModeNeedsTheDevelopmentIssuerOrARealm() {
        assertThat(InsecureSettingsCheck.problems(properties(SandboxProperties.Mode.EMBEDDED, true, null, null, true))).isEmpty();
        assertThat(InsecureSettingsCheck.problems(properties(SandboxProperties.Mode.EMBEDDED, false, ISSUER, JWKS, true))).isEmpty();
        assertThat(InsecureSettingsCheck.problems(properties(SandboxProperties.Mode.EMBEDDED, false, null, null, false))).hasSize(1);
    }

    @Test
    void afterPropertiesSetThrows() {
        InsecureSettingsCheck check = new InsecureSettingsCheck(properties(SandboxProperties.Mode.PRODUCTION, true, ISSUER, JWKS, false),
                new FlightProperties(false, "127.0.0.1", 8815, null, null, false));
        assertThatThrownBy(check::afterPropertiesSet).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("Refusing to start");
    }

    private static final Path CERT = Path.of("/etc/shuyu/flight/tls.crt"), KEY = Path.of("/etc/shuyu/flight/tls.key");

    private static FlightProperties flight(boolean enabled, String host, Path cert, Path key, boolean allowInsecurePlaintext) {
        return new FlightProperties(enabled, host, 8815, cert, key, allowInsecurePlaintext);
    }

    @Test
    @Tag("R-21a")
    void refusesPlaintextFlightInProduction() {
        SandboxProperties secure = properties(SandboxProperties.Mode.PRODUCTION, false, ISSUER, JWKS, false);
        assertThat(InsecureSettingsCheck.problems(secure, flight(true, "0.0.0.0", CERT, KEY, false))).isEmpty();
        assertThat(InsecureSettingsCheck.problems(secure, flight(false, "0.0.0.0", null, null, false))).isEmpty();
        assertThat(InsecureSettingsCheck.problems(secure, flight(true, "127.0.0.1", null, null, false))).singleElement().asString()
                .contains("sandbox.products.flight needs TLS outside embedded mode");
        assertThat(InsecureSettingsCheck.problems(secure, flight(true, "0.0.0.0", CERT, null, false))).singleElement().asString()
                .contains("both cert-chain and private-key");
    }

    @Test
    @Tag("R-21a")
    void refusesTheInsecurePlaintextFlagOutsideEmbeddedMode() {
        SandboxProperties secure = properties(SandboxProperties.Mode.PRODUCTION, false, ISSUER, JWKS, false);
        assertThat(InsecureSettingsCheck.problems(secure, flight(true, "0.0.0.0", CERT, KEY, true)))
                .containsExactly("sandbox.products.flight.allow-insecure-plaintext=true is only allowed in embedded mode");
        assertThat(InsecureSettingsCheck.problems(secure, flight(false, "0.0.0.0", null, null, true)))
                .containsExactly("sandbox.products.flight.allow-insecure-plaintext=true is only allowed in embedded mode");
        assertThat(InsecureSettingsCheck.problems(secure, flight(true, "0.0.0.0", null, null, true))).hasSize(2);
    }

    @Test
    @Tag("R-21a")
    void embeddedModeServesPlaintextFlightOnLoopbackOnlyUnlessAllowed() {
        SandboxProperties embedded = properties(SandboxProperties.Mode.EMBEDDED, true, null, null, true);
        assertThat(InsecureSettingsCheck.problems(embedded, FlightProperties.defaults())).isEmpty();
        assertThat(InsecureSettingsCheck.problems(embedded, flight(true, "localhost", null, null, false))).isEmpty();
        assertThat(InsecureSettingsCheck.problems(embedded, flight(true, "::1", null, null, false))).isEmpty();
        assertThat(InsecureSettingsCheck.problems(embedded, flight(true, "0.0.0.0", null, null, false))).singleElement().asString()
                .contains("not a loopback address").contains("allow-insecure-plaintext");
        assertThat(InsecureSettingsCheck.problems(embedded, flight(true, "flight.example", null, null, false))).hasSize(1);
        assertThat(InsecureSettingsCheck.problems(embedded, flight(true, "0.0.0.0", null, null, true))).isEmpty();
        assertThat(InsecureSettingsCheck.problems(embedded, flight(true, "0.0.0.0", CERT, KEY, false))).isEmpty();
    }

    static Stream<Arguments> insecureProductionSettings() {
        return Stream.of(
                Arguments.of(List.of("--sandbox.identity.allow-insecure-dev-issuer=true", "--sandbox.demo-catalog=false",
                        "--sandbox.identity.issuer=" + ISSUER, "--sandbox.identity.jwk-set-uri=" + JWKS),
                        "allow-insecure-dev-issuer=true is only allowed in embedded mode"),
                Arguments.of(List.of("--sandbox.identity.allow-insecure-dev-issuer=false", "--sandbox.demo-catalog=true",
                        "--sandbox.identity.issuer=" + ISSUER, "--sandbox.identity.jwk-set-uri=" + JWKS),
                        "sandbox.demo-catalog=true is only allowed in embedded mode"),
                Arguments.of(List.of("--sandbox.identity.allow-insecure-dev-issuer=false", "--sandbox.demo-catalog=false"),
                        "production mode needs sandbox.identity.issuer and sandbox.identity.jwk-set-uri"),
                Arguments.of(List.of("--sandbox.identity.allow-insecure-dev-issuer=false", "--sandbox.demo-catalog=false",
                        "--sandbox.identity.issuer=" + ISSUER, "--sandbox.identity.jwk-set-uri=" + JWKS,
                        "--sandbox.products.flight.allow-insecure-plaintext=true"),
                        "sandbox.products.flight.allow-insecure-plaintext=true is only allowed in embedded mode"),
                Arguments.of(List.of("--sandbox.identity.allow-insecure-dev-issuer=false", "--sandbox.demo-catalog=false",
                        "--sandbox.identity.issuer=" + ISSUER, "--sandbox.identity.jwk-set-uri=" + JWKS),
                        "sandbox.products.flight needs TLS outside embedded mode"));
    }

    @ParameterizedTest
    @MethodSource("insecureProductionSettings")
    void theApplicationRefusesToStartInProduction(List<String> settings, String reason) {
        List<String> args = new ArrayList<>(settings);
        args.add("--sandbox.mode=PRODUCTION");
        args.add("--server.port=0");
        args.add("--sandbox.data-dir=target/test-data");
        args.add("--spring.datasource.url=jdbc:h2:mem:insecure-" + DATABASES.incrementAndGet() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        assertThatThrownBy(() -> {
            try (ConfigurableApplicationContext context = SpringApplication.run(SandboxApplication.class, args.toArray(String[]::new))) {
                assertThat(context.isRunning()).as("started although insecure").isFalse();
            }
        }).hasRootCauseInstanceOf(IllegalStateException.class).rootCause().hasMessageContaining("Refusing to start").hasMessageContaining(reason);
    }

    private static ConnectProperties connect(String host, int port, Path cert, Path key, boolean allowInsecurePlaintext) {
        return new ConnectProperties(host, port, cert, key, allowInsecurePlaintext, 128 * 1024 * 1024, 16);
    }

    @Test
    @Tag("R-19a")
    void refusesPlaintextSparkConnectOutsideEmbeddedMode() {
        SandboxProperties secure = properties(SandboxProperties.Mode.PRODUCTION, false, ISSUER, JWKS, false);
        FlightProperties noFlight = flight(false, "0.0.0.0", null, null, false);
        assertThat(InsecureSettingsCheck.problems(secure, noFlight, connect("0.0.0.0", 15002, CERT, KEY, false))).isEmpty();
        assertThat(InsecureSettingsCheck.problems(secure, noFlight, ConnectProperties.off())).isEmpty();
        assertThat(InsecureSettingsCheck.problems(secure, noFlight, ConnectProperties.defaults())).singleElement().asString()
                .contains("sandbox.connect needs TLS outside embedded mode");
        assertThat(InsecureSettingsCheck.problems(secure, noFlight, connect("0.0.0.0", 15002, CERT, null, false))).singleElement()
                .asString().contains("both cert-file and key-file");
        assertThat(InsecureSettingsCheck.problems(secure, noFlight, connect("0.0.0.0", 15002, CERT, KEY, true)))
                .containsExactly("sandbox.connect.allow-insecure-plaintext=true is only allowed in embedded mode");
        assertThat(InsecureSettingsCheck.problems(secure, noFlight, connect("0.0.0.0", -1, null, null, true)))
                .containsExactly("sandbox.connect.allow-insecure-plaintext=true is only allowed in embedded mode");
        InsecureSettingsCheck check = new InsecureSettingsCheck(secure, noFlight, ConnectProperties.defaults());
        assertThatThrownBy(check::afterPropertiesSet).isInstanceOf(IllegalStateException.class).hasMessageContaining("sandbox.connect");
    }

    @Test
    @Tag("R-19a")
    void embeddedModeServesPlaintextSparkConnectOnLoopbackOnlyUnlessAllowed() {
        SandboxProperties embedded = properties(SandboxProperties.Mode.EMBEDDED, true, null, null, true);
        FlightProperties flight = FlightProperties.defaults();
        assertThat(InsecureSettingsCheck.problems(embedded, flight, ConnectProperties.defaults())).isEmpty();
        assertThat(InsecureSettingsCheck.problems(embedded, flight, connect("localhost", 0, null, null, false))).isEmpty();
        assertThat(InsecureSettingsCheck.problems(embedded, flight, connect("0.0.0.0", 15002, null, null, false))).singleElement()
                .asString().contains("not a loopback address").contains("allow-insecure-plaintext");
        assertThat(InsecureSettingsCheck.problems(embedded, flight, connect("0.0.0.0", 15002, null, null, true))).isEmpty();
    }

    private static SandboxProperties properties(SandboxProperties.Mode mode, boolean devIssuer, String issuer, String jwks, boolean demoCatalog) {
        return new SandboxProperties(mode, Path.of("target/test-data"), demoCatalog,
                new SandboxProperties.Identity(issuer, jwks, "shuyu-controller", Duration.ofSeconds(30), devIssuer, Duration.ofMinutes(15)),
                new SandboxProperties.Audit(400),
                new SandboxProperties.Lifecycle(Duration.ofSeconds(60), Duration.ZERO),
                new SandboxProperties.Workspaces(Duration.ofSeconds(10)),
                new SandboxProperties.Jobs(1, "1536m", Duration.ofMinutes(30), Duration.ofMinutes(3), 100, 1000, 10000, null, null, null));
    }
}

package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The first command of the README in a test: the application on its embedded defaults (application.yml
 * untouched except the data directory), so an H2 file database, the same Flyway migrations, and the
 * development issuer.
 */
@Tag("R-06")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddedModeTest {
    private static final Path DATA_DIR = temporaryDirectory();

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("sandbox.data-dir", DATA_DIR::toString);
        registry.add("sandbox.lifecycle.scheduler-interval", () -> "1h");
    }

    @Test
    void runsOnAnH2FileDatabaseUnderTheDataDirectory() {
        assertThat(environment.getProperty("spring.datasource.url")).startsWith("jdbc:h2:file:" + DATA_DIR);
        assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Long.class).single())
                .isPositive();
        assertThat(Files.exists(DATA_DIR.resolve("db/shuyu.mv.db"))).isTrue();
    }

    @Test
    void servesTheApiWithDevelopmentTokens() {
        Api api = new Api(port);
        assertThat(api.withToken("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        Api.Response me = api.get("provider", "/api/v1/me");
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().path("userId").asString()).isEqualTo("provider");
        assertThat(me.json().path("roles").get(0).asString()).isEqualTo("data-provider");

        long before = jdbc.sql("SELECT last_seq FROM audit_head WHERE id = 1").query(Long.class).single();
        Api.Response anonymous = api.withToken("GET", "/api/v1/me", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(jdbc.sql("SELECT outcome FROM audit_log WHERE seq > ?").param(before).query(String.class).list())
                .containsExactly("REFUSED");
    }

    private static Path temporaryDirectory() {
        try {
            Path target = Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(target, "embedded-mode-").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

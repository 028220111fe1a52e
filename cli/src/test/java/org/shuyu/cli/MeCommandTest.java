package org.shuyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.cli.support.CliHarness;
import org.shuyu.cli.support.ExitCode;

/** {@code shuyu me} and {@code shuyu api} against the embedded controller: table, JSON, and no token. */
class MeCommandTest {
    private static CliHarness cli;

    @BeforeAll
    static void start() {
        cli = CliHarness.start();
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    void showsTheCallerAsATableAndAsJson() {
        CliHarness.Result table = cli.as("admin", "me");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("USER").contains("admin").contains("data-authority");

        CliHarness.Result json = cli.as("engineer", "me", "-o", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).contains("\"userId\" : \"engineer\"");
    }

    @Test
    void withoutALoginSaysSoInOneLine() {
        CliHarness.Result result = cli.anonymous("me");
        assertThat(result.exitCode()).isEqualTo(ExitCode.UNAUTHENTICATED);
        assertThat(result.err().strip()).startsWith("error: NOT_LOGGED_IN:").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void apiCallsAnEndpointWithTheProfilesTokenAndReportsARefusalByItsCode() {
        CliHarness.Result me = cli.as("engineer", "api", "/api/v1/me");
        assertThat(me.exitCode()).as(me.toString()).isZero();
        assertThat(me.out()).contains("\"userId\" : \"engineer\"");

        CliHarness.Result refused = cli.as("engineer", "api", "-X", "POST", "/api/v1/providers",
                "-d", "{id: x-provider, name: X, jurisdiction: '330200', description: d}");
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.err()).contains("FORBIDDEN").doesNotContain("Exception");

        CliHarness.Result badPath = cli.as("engineer", "api", "/actuator/health");
        assertThat(badPath.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badPath.err()).contains("API_PATH_INVALID");
    }

    @Test
    void apiSendsAFileNamedWithAnAtAsTheBody(@TempDir Path dir) throws IOException {
        // JSON with spaces, quotes and brackets: it must reach the server whole (picocli's @-files would split it)
        Path body = dir.resolve("provider.json");
        Files.writeString(body, "{\"id\": \"x-provider\", \"name\": \"X Co\", \"jurisdiction\": \"330200\",\n"
                + " \"description\": \"a [bracketed] note\"}", StandardCharsets.UTF_8);
        CliHarness.Result refused = cli.as("engineer", "api", "-X", "POST", "/api/v1/providers", "-d", "@" + body);
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.err()).as("parsed and sent; refused by role, not by usage").contains("FORBIDDEN").doesNotContain("USAGE");

        CliHarness.Result missing = cli.as("engineer", "api", "-X", "POST", "/api/v1/providers", "-d", "@" + dir.resolve("none.json"));
        assertThat(missing.exitCode()).as(missing.toString()).isNotZero();
        assertThat(missing.err()).doesNotContain("Exception");
    }
}

package org.shuyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shuyu.cli.support.CliHarness;
import org.shuyu.cli.support.ExitCode;

/** {@code shuyu me} against the embedded controller: table, JSON, and no token. */
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
}

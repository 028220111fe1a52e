package org.shuyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.cli.support.ExitCode;

/**
 * The real launcher {@code cli/bin/shuyu} as a separate process, on the jar {@code package} built (Failsafe runs
 * after it): the version, the completion script, and bad input (an unknown flag, an unreachable server, a missing
 * file) as one line on standard error with the documented exit code, from the real {@code main} and
 * {@code System.exit}.
 */
class LauncherIT {
    private static Path launcher;

    @TempDir
    Path config;

    @BeforeAll
    static void find() {
        Path home = Path.of(System.getProperty("shuyu.cli.home", ".")).toAbsolutePath();
        launcher = home.resolve("bin").resolve("shuyu");
        assertThat(launcher).as("the launcher").isExecutable();
        assertThat(home.resolve("target").resolve("shuyu-cli.jar")).as("the jar package built").exists();
    }

    record Run(int exitCode, String out, String err) {}

    private Run shuyu(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(launcher.toString());
        builder.command().addAll(List.of(args));
        builder.environment().keySet().removeIf(k -> k.startsWith("SHUYU_"));
        builder.environment().put("SHUYU_CONFIG_DIR", config.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile(config, "out", ".txt");
        Path err = Files.createTempFile(config, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("shuyu " + String.join(" ", args) + " ended").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void versionAndCompletion() throws Exception {
        Run version = shuyu(Map.of(), "--version");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.out()).isNotBlank();

        Run completion = shuyu(Map.of(), "completion");
        assertThat(completion.exitCode()).as(completion.toString()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("organizations");
        assertThat(completion.err()).isEmpty();
    }

    @Test
    void badInputIsOneLineWithTheDocumentedExitCode() throws Exception {
        Run bogus = shuyu(Map.of(), "organizations", "list", "--bogus-flag");
        assertThat(bogus.exitCode()).as(bogus.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(bogus.out()).isEmpty();
        assertThat(bogus.err().lines().toList()).singleElement().asString().startsWith("error: USAGE: ")
                .contains("--bogus-flag");

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run unreachable = shuyu(Map.of("SHUYU_TOKEN", "t"), "--server", "http://127.0.0.1:" + port, "me");
        assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(unreachable.out()).isEmpty();
        assertThat(unreachable.err().lines().toList()).singleElement().asString()
                .startsWith("error: UNREACHABLE: cannot reach http://127.0.0.1:" + port).doesNotContain("Exception");

        Run missing = shuyu(Map.of("SHUYU_TOKEN", "t", "SHUYU_SERVER", "http://127.0.0.1:" + port),
                "organizations", "register", "-f", config.resolve("nope.yaml").toString());
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err().lines().toList()).singleElement().asString().startsWith("error: FILE_NOT_FOUND: ");

        Run notLoggedIn = shuyu(Map.of("SHUYU_SERVER", "http://127.0.0.1:" + port), "me");
        assertThat(notLoggedIn.exitCode()).as(notLoggedIn.toString()).isEqualTo(ExitCode.UNAUTHENTICATED);
        assertThat(notLoggedIn.err().lines().toList()).singleElement().asString().startsWith("error: NOT_LOGGED_IN: ");
    }
}

package org.shuyu.console.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.testkit.ControllerProcess;

/**
 * The console's browser tests (console/e2e, Playwright) against a real embedded controller with the demo catalog,
 * as a newcomer gets it from {@code ./run-embedded.sh}, driving the system Chromium headless. One Playwright run
 * covers every spec (each persona's whole flow, every page in both languages); its report names the failing step,
 * and screenshots of the pages land in docs/screenshots. {@code -Dshuyu.e2e.grep=PATTERN} runs only matching tests.
 */
@Tag("console")
class ConsoleBrowserTest {
    private static final long TIMEOUT_MINUTES = Long.getLong("shuyu.e2e.minutes", 40);

    @Test
    void everyPersonaDoesTheirWorkInTheBrowser() throws IOException, InterruptedException {
        Path console = Path.of(System.getProperty("shuyu.console.dir", "../console")).toAbsolutePath().normalize();
        Path chromium = Path.of(System.getProperty("shuyu.chromium", "/usr/bin/chromium"));
        assertThat(chromium).as("Chromium for the browser tests: apt-get install chromium (.ci/run does)").exists();
        assertThat(console.resolve("node_modules/@playwright/test"))
                .as("Playwright: the console module's build runs npm ci first").exists();
        Path dataDir = Files.createTempDirectory("shuyu-console-e2e");
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        Path log = target.resolve("playwright.log");
        try (ControllerProcess controller = ControllerProcess.start(dataDir, Map.of(
                "sandbox.demo-catalog", "true",
                // A workspace engine (the SQL editor's session) may start slowly on a loaded 2-core CI machine.
                "sandbox.engines.start-timeout", "PT5M"), true)) {
            List<String> command = new ArrayList<>(List.of("npx", "--no-install", "playwright", "test"));
            String grep = System.getProperty("shuyu.e2e.grep");
            if (grep != null && !grep.isBlank()) {
                command.add("--grep");
                command.add(grep);
            }
            ProcessBuilder builder = new ProcessBuilder(command).directory(console.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().put("SHUYU_URL", controller.baseUrl().toString().replaceAll("/$", ""));
            builder.environment().put("CHROMIUM", chromium.toString());
            builder.environment().put("E2E_JUNIT", target.resolve("playwright-junit.xml").toString());
            builder.environment().put("CI", "1");
            Process playwright = builder.start();
            boolean ended = playwright.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!ended) {
                playwright.descendants().forEach(ProcessHandle::destroyForcibly);
                playwright.destroyForcibly();
            }
            String output = Files.readString(log);
            System.out.println(output);
            assertThat(ended).as("Playwright ended within %d minutes; its output:%n%s", TIMEOUT_MINUTES, output).isTrue();
            assertThat(playwright.exitValue())
                    .as("Playwright's exit code; its output (full log %s, controller log tail below):%n%s%n--- controller ---%n%s",
                            log, output, controller.logTail(80))
                    .isZero();
        }
    }
}

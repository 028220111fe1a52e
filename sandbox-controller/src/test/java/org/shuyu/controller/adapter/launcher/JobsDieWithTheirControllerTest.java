package org.shuyu.controller.adapter.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs die with their controller (issue 14): a controller JVM ({@link LauncherHarness}) starts a job's runtime and
 * is killed with SIGKILL, so no shutdown hook runs; the runtime sees its stdin pipe close and halts by itself.
 */
@Tag("R-17a")
class JobsDieWithTheirControllerTest {
    @TempDir
    Path workspace;

    @Test
    void aRuntimeHaltsWhenItsControllerIsKilledMinus9() throws Exception {
        Process controller = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LauncherHarness.class.getName(), workspace.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ProcessHandle runtime;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(controller.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("PID "));
            assertThat(line).as("the harness started the job's runtime").isNotNull();
            runtime = ProcessHandle.of(Long.parseLong(line.substring(4))).orElseThrow();
            Thread.sleep(1_000);
            assertThat(runtime.isAlive()).as("the runtime runs while its controller lives").isTrue();
            controller.destroyForcibly(); // SIGKILL: the controller cannot stop its jobs
        }
        assertThat(controller.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        try {
            runtime.onExit().get(5, TimeUnit.SECONDS);
        } finally {
            runtime.destroyForcibly();
        }
        System.out.println("controller killed to runtime exit: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(runtime.isAlive()).isFalse();
    }
}

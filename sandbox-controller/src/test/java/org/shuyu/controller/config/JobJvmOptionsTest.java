package org.shuyu.controller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code sandbox.jobs.jvm-options} reaches the job JVM only as HotSpot {@code -XX:} options: nothing that changes the
 * enforced runtime's class path, agents or system properties, and nothing that runs a command or reads a file of options.
 */
class JobJvmOptionsTest {
    private static SandboxProperties.Jobs jobs(List<String> options) {
        return new SandboxProperties.Jobs(1, "512m", Duration.ofMinutes(1), Duration.ofMinutes(1), 100, 1000, 10000, null, null,
                null, SandboxProperties.Backend.LOCAL, Duration.ofMinutes(1), options);
    }

    @Test
    void hotSpotTuningIsKeptInOrder() {
        assertThat(jobs(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")).jvmOptions())
                .containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        assertThat(jobs(null).jvmOptions()).isEmpty();
    }

    @Test
    void anythingElseIsRefusedNamingTheOption() {
        for (String option : List.of("-Dspark.shuyu.user=admin", "-javaagent:/tmp/a.jar", "-cp", "/tmp/evil.jar",
                "-XX:OnError=sh -c id", "-XX:OnOutOfMemoryError=kill", "-XX:Flags=/tmp/flags", "-XX:VMOptionsFile=/tmp/o",
                "-XX:+UseSerialGC -Dx=y", "--add-opens=java.base/java.lang=ALL-UNNAMED", "")) {
            assertThatThrownBy(() -> jobs(List.of(option))).as(option)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sandbox.jobs.jvm-options").hasMessageContaining("'" + option + "'");
        }
    }
}

package org.shuyu.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@link Progress}: one rewritten line on a terminal, plain changed-only lines otherwise. */
class ProgressTest {
    /** A clock the test moves. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void plainModePrintsOneLinePerChangeAndTheEnd() {
        StringWriter text = new StringWriter();
        Manual clock = new Manual();
        try (Progress progress = new Progress(new PrintWriter(text), false, clock, "job j-1")) {
            progress.update("QUEUED");
            progress.update("QUEUED");
            progress.update("RUNNING");
            clock.now = clock.now.plus(Duration.ofSeconds(75));
            progress.update("RUNNING");
            progress.done("FINISHED");
            progress.update("ignored after done");
        }
        assertThat(text.toString().lines()).containsExactly("job j-1: QUEUED", "job j-1: RUNNING",
                "job j-1: FINISHED (1:15)");
        assertThat(text.toString()).doesNotContain("\r");
    }

    @Test
    void terminalModeRewritesOneLineAndEndsIt() {
        StringWriter text = new StringWriter();
        Manual clock = new Manual();
        Progress progress = new Progress(new PrintWriter(text), true, clock, "import");
        progress.update("a long status text");
        progress.update("short");
        progress.done("done");
        String shown = text.toString();
        assertThat(shown).startsWith("\r[0:00] import: a long status text").contains("\r[0:00] import: short")
                .endsWith(System.lineSeparator());
        // the shorter line blanks out the rest of the longer one
        String second = shown.split("\r")[2];
        assertThat(second).hasSize("[0:00] import: a long status text".length());
        assertThat(shown.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void countsInPlainModeAreThinnedToTenths() {
        StringWriter text = new StringWriter();
        Progress progress = new Progress(new PrintWriter(text), false, new Manual(), "");
        for (int i = 1; i <= 1000; i++) {
            progress.step(i, 1000, "consents");
        }
        progress.done("1000 imported");
        assertThat(text.toString().lines()).hasSize(11).first().isEqualTo("consents 100/1000 (10%)");
        assertThat(text.toString().lines()).contains("consents 1000/1000 (100%)");
    }

    @Test
    void closingWithoutDoneEndsTheTerminalLine() {
        StringWriter text = new StringWriter();
        try (Progress progress = new Progress(new PrintWriter(text), true, new Manual(), "x")) {
            progress.update("RUNNING");
        }
        assertThat(text.toString()).endsWith(System.lineSeparator());
    }
}

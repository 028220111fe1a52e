package org.shuyu.cli.support;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress of a long wait (a job running, a bulk import) on standard error, so standard output keeps only results.
 * On a terminal it is one line rewritten in place ({@code \r}), with the elapsed time; otherwise (a pipe, a log file,
 * a test) plain lines, one per change of the text, so logs stay readable and small.
 *
 * <pre>
 * try (Progress progress = Progress.start(cli, "job " + id)) {
 *     while (...) { progress.update(job.getState() + " stage 2/3"); ... }
 *     progress.done("FINISHED");
 * }
 * </pre>
 *
 * Progress shows in every output format ({@code -o json} too): it is on standard error, results on standard output.
 */
public final class Progress implements AutoCloseable {
    private final PrintWriter err;
    private final boolean terminal;
    private final Clock clock;
    private final Instant started;
    private final String label;
    private String last;
    private int lastWidth;
    private boolean open = true;

    Progress(PrintWriter err, boolean terminal, Clock clock, String label) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.started = clock.instant();
        this.label = label == null || label.isBlank() ? "" : label + ": ";
    }

    /**
     * Progress for this invocation, prefixed with {@code label} (e.g. {@code "job j-12"}). A terminal line when
     * standard error is a terminal ({@link Cli.Environment#terminal()}) and {@code $SHUYU_PROGRESS} is not
     * {@code plain} and {@code $TERM} is not {@code dumb}.
     */
    public static Progress start(Cli cli, String label) {
        var env = cli.environment();
        boolean terminal = env.terminal()
                && !"plain".equalsIgnoreCase(env.variables().get("SHUYU_PROGRESS"))
                && !"dumb".equalsIgnoreCase(env.variables().get("TERM"));
        return new Progress(cli.err(), terminal, env.clock(), label);
    }

    /** Whether this progress rewrites one terminal line (else it prints plain lines). */
    public boolean terminal() {
        return terminal;
    }

    /** The current state, e.g. {@code "RUNNING stage 2/3"}. Plain mode prints it only when it changed. */
    public void update(String status) {
        if (!open) {
            return;
        }
        String text = status == null ? "" : status.replace('\n', ' ').replace('\r', ' ');
        if (terminal) {
            String line = "[" + elapsed() + "] " + label + text;
            int pad = Math.max(0, lastWidth - line.length());
            err.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
            err.flush();
            last = text;
            return;
        }
        if (!text.equals(last)) {
            err.println(label + text);
            err.flush();
            last = text;
        }
    }

    /** A count, e.g. {@code step(250, 1000, "consents")} shows {@code consents 250/1000 (25%)}. */
    public void step(long done, long total, String what) {
        String percent = total > 0 ? " (" + (done * 100 / total) + "%)" : "";
        String text = (what == null || what.isBlank() ? "" : what + " ") + done + (total > 0 ? "/" + total : "")
                + percent;
        if (!terminal && total > 0 && done < total) {
            // plain lines only at each tenth, not one per item
            long tenth = Math.max(1, total / 10);
            if (done % tenth != 0) {
                return;
            }
        }
        update(text);
    }

    /** The final state: ends the terminal line (with the elapsed time), or prints it as a plain line. */
    public void done(String status) {
        if (!open) {
            return;
        }
        String text = status == null ? "done" : status;
        if (terminal) {
            update(text + " after " + elapsed());
            err.println();
            err.flush();
        } else {
            err.println(label + text + " (" + elapsed() + ")");
            err.flush();
        }
        open = false;
    }

    /** Ends the line on a terminal if {@link #done} was not called (e.g. on an error), so the next output starts clean. */
    @Override
    public void close() {
        if (open && terminal && lastWidth > 0) {
            err.println();
            err.flush();
        }
        open = false;
    }

    /** Elapsed time as {@code m:ss} (or {@code h:mm:ss}). */
    String elapsed() {
        Duration d = Duration.between(started, clock.instant());
        long s = Math.max(0, d.getSeconds());
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}

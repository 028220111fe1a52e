package org.shuyu.cli.commands;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliException;
import org.shuyu.cli.support.ExitCode;
import org.shuyu.cli.support.Headers;
import org.shuyu.cli.support.Inputs;
import org.shuyu.cli.support.Json;
import org.shuyu.cli.support.Output;
import org.shuyu.cli.support.PrivateFiles;
import org.shuyu.cli.support.SqlScript;
import org.shuyu.cli.support.Tabular;
import org.shuyu.cli.support.WorkspaceOption;
import org.shuyu.client.ApiException;
import org.shuyu.client.api.SessionsApi;
import org.shuyu.client.model.ProgressDto;
import org.shuyu.client.model.SessionDto;
import org.shuyu.client.model.StatementDto;
import org.shuyu.client.model.StatementRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shuyu sql}: SQL on an interactive session in the workspace's warm engine, with the same enforcement as a
 * job. Opens a session, runs statements (each waits for its end, with progress on standard error, first rows as a
 * table), and closes the session when done. {@code -e SQL} and {@code -f FILE} run non-interactively (stop at the
 * first failure, exit 8); otherwise a REPL: multi-line input until a line ends with {@code ;}, history in
 * {@code <config dir>/history/sql} (0600), Ctrl-C cancels the running statement, Ctrl-D or {@code \q} closes the
 * session and exits. When standard input is not a terminal the REPL reads statements from it without prompts.
 */
@Command(name = "sql", description = "Run SQL in a workspace: a REPL, or -e SQL / -f FILE non-interactively.")
public final class SqlCommand implements Callable<Integer> {
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "REFUSED", "CANCELLED");

    private final Cli cli;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL",
            description = "Run these statements (separated by ';') and exit; exit 8 if one fails.")
    String execute;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Run the statements of this file (- for standard input) and exit; exit 8 if one fails.")
    String file;

    @Option(names = "--max-rows", paramLabel = "N",
            description = "First rows to show of a query (1 to the server's preview cap; default: the server's).")
    Integer maxRows;

    @Option(names = "--session", paramLabel = "SID",
            description = "Use this open session (yours) instead of opening one; it is left open at the end.")
    String existingSession;

    private SessionsApi api;
    private String ws;
    private String sid;
    private volatile String running;
    private volatile boolean interrupted;

    SqlCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        if (execute != null && file != null) {
            throw CliException.usage("USAGE", "give -e SQL or -f FILE, not both");
        }
        if (maxRows != null && maxRows < 1) {
            throw CliException.usage("INVALID_LIMIT", "--max-rows must be at least 1");
        }
        List<String> script = null;
        if (execute != null || file != null) {
            script = SqlScript.split(execute != null ? execute : Inputs.text(file));
            if (script.isEmpty()) {
                throw CliException.usage("INPUT_MALFORMED", "no SQL statement in " + (execute != null ? "-e" : file));
            }
        }
        ws = workspace.id(cli);
        api = cli.api(SessionsApi::new);
        boolean ownSession = existingSession == null;
        sid = ownSession ? open() : existingSession;
        Thread closer = new Thread(this::closeQuietly, "shuyu-sql-close");
        if (ownSession) {
            Runtime.getRuntime().addShutdownHook(closer);
        }
        try {
            return script != null ? runScript(script) : repl();
        } finally {
            if (ownSession) {
                try {
                    Runtime.getRuntime().removeShutdownHook(closer);
                } catch (IllegalStateException shuttingDown) {
                    // the hook closes it
                }
                closeQuietly();
            }
        }
    }

    // ------------------------------------------------------------------------------------------- session

    /** Opens a session, waiting while it is queued for engine capacity; its id. */
    private String open() throws Exception {
        SessionDto session = api.openSession(ws, Headers.idempotent().get("Idempotency-Key"));
        Duration poll = JobsCommand.pollInterval(cli);
        Integer position = null;
        while ("QUEUED".equals(session.getState())) {
            if (!java.util.Objects.equals(position, session.getQueuePosition())) {
                position = session.getQueuePosition();
                cli.output().note("session " + session.getId() + " queued for engine capacity (position "
                        + position + ")");
            }
            Thread.sleep(poll.toMillis());
            session = api.getSession(ws, session.getId());
        }
        if (!"OPEN".equals(session.getState())) {
            throw new CliException(ExitCode.ERROR, "SESSION_" + session.getState(), "session " + session.getId()
                    + " is " + session.getState() + (session.getCloseReason() == null ? ""
                    : " (" + session.getCloseReason() + ")"));
        }
        cli.output().note("session " + session.getId() + " open in workspace " + ws);
        return session.getId();
    }

    private synchronized void closeQuietly() {
        if (sid == null || existingSession != null) {
            return;
        }
        String closing = sid;
        sid = null;
        try {
            api.closeSession(ws, closing);
            cli.output().note("session " + closing + " closed");
        } catch (ApiException e) {
            cli.output().note("could not close session " + closing + " (HTTP " + e.getCode() + "); it closes when idle, or: shuyu sessions close -w " + ws + " " + closing);
        }
    }

    // ------------------------------------------------------------------------------------------- running

    private int runScript(List<String> statements) throws Exception {
        for (String sql : statements) {
            StatementDto statement = runInterruptibly(sql, false);
            if (interrupted) {
                return ExitCode.INTERRUPTED;
            }
            if (!"SUCCEEDED".equals(statement.getState())) {
                int left = statements.size() - statements.indexOf(sql) - 1;
                if (left > 0) {
                    cli.output().note("stopped: " + left + " statement(s) not run");
                }
                return ExitCode.WORK_FAILED;
            }
        }
        return ExitCode.OK;
    }

    /** Runs one statement with Ctrl-C (SIGINT) cancelling it; without a terminal of our own, a JVM signal handler. */
    private StatementDto runInterruptibly(String sql, boolean terminalHandlesSignals) throws Exception {
        interrupted = false;
        Object previous = terminalHandlesSignals ? null : Signals.install(this::cancelRunning);
        try {
            return run(sql);
        } finally {
            if (!terminalHandlesSignals) {
                Signals.restore(previous);
            }
        }
    }

    /** Ctrl-C while a statement runs: ask the server to cancel it; the wait loop then sees it end. */
    private void cancelRunning() {
        interrupted = true;
        String statement = running;
        if (statement == null || sid == null) {
            return;
        }
        try {
            api.cancelStatement(ws, sid, statement);
            cli.output().note("cancelling statement " + statement + "...");
        } catch (ApiException e) {
            cli.output().note("could not cancel statement " + statement + " (HTTP " + e.getCode() + ")");
        }
    }

    /** Submits a statement, follows it to its end with progress on standard error, and prints its outcome. */
    private StatementDto run(String sql) throws Exception {
        StatementRequest request = new StatementRequest().sql(sql).maxRows(maxRows);
        Instant started = cli.environment().clock().instant();
        StatementDto statement = api.submitStatement(ws, sid, request, "PT5S",
                Headers.idempotent().get("Idempotency-Key"));
        running = statement.getId();
        // On a terminal one progress line is rewritten in place; otherwise a line per change of state or progress.
        boolean rewrite = System.console() != null;
        int width = 0;
        try {
            String shown = null;
            while (!FINAL.contains(statement.getState())) {
                String progress = progress(statement);
                String line = progress + " [" + JobsCommand.elapsed(started, cli.environment().clock().instant()) + "]";
                if (rewrite) {
                    cli.err().print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
                    cli.err().flush();
                    width = line.length();
                } else if (!progress.equals(shown)) {
                    cli.output().note(line);
                }
                shown = progress;
                statement = api.getStatement(ws, sid, statement.getId(), "PT2S");
            }
        } finally {
            running = null;
            if (width > 0) {
                cli.err().print("\r" + " ".repeat(width) + "\r");
                cli.err().flush();
            }
        }
        print(statement, started);
        return statement;
    }

    private static String progress(StatementDto statement) {
        StringBuilder text = new StringBuilder(statement.getId()).append(": ").append(statement.getState());
        ProgressDto progress = statement.getProgress();
        if (progress != null && progress.getStagesTotal() != null && progress.getStagesTotal() > 0) {
            text.append(" stages ").append(progress.getStagesDone()).append('/').append(progress.getStagesTotal());
            if (progress.getTasksTotal() != null && progress.getTasksTotal() > 0) {
                text.append(" tasks ").append(progress.getTasksDone()).append('/').append(progress.getTasksTotal());
            }
        }
        return text.toString();
    }

    private void print(StatementDto statement, Instant started) {
        if (cli.output().format() != Output.Format.TABLE) {
            cli.output().structured(statement);
        } else if ("SUCCEEDED".equals(statement.getState()) && statement.getResult() != null) {
            Tabular.print(Json.tree(statement.getResult()), cli.out());
        }
        long millis = statement.getElapsedMillis() != null ? statement.getElapsedMillis()
                : Duration.between(started, cli.environment().clock().instant()).toMillis();
        if ("SUCCEEDED".equals(statement.getState())) {
            cli.output().note(statement.getId() + ": SUCCEEDED in " + String.format("%.1f s", millis / 1000.0));
        } else {
            cli.err().println("error: " + (statement.getCode() == null ? statement.getState() : statement.getCode())
                    + ": " + (statement.getMessage() == null ? "statement " + statement.getState().toLowerCase()
                    : statement.getMessage()) + " (statement " + statement.getId() + " " + statement.getState() + ")");
            cli.err().flush();
        }
    }

    // ------------------------------------------------------------------------------------------- REPL

    /** Where a REPL's lines come from. */
    private interface Lines extends AutoCloseable {
        /** The next line, {@code null} at the end of input; throws {@link UserInterruptException} on Ctrl-C. */
        String read(boolean continuation) throws IOException;

        /** Records a whole statement in the history. */
        void remember(String statement);

        /** Whether Ctrl-C reaches us through the terminal (JLine) rather than a JVM signal handler. */
        boolean terminalSignals();

        @Override
        void close() throws IOException;
    }

    private int repl() throws Exception {
        boolean tty = System.console() != null;
        int failures = 0;
        try (Lines lines = tty ? terminalLines() : new PlainLines(false, null)) {
            if (tty) {
                cli.output().note("statements end with ';'. Ctrl-C cancels a running statement, Ctrl-D or \\q quits.");
            }
            StringBuilder buffer = new StringBuilder();
            while (true) {
                String line;
                try {
                    line = lines.read(buffer.length() > 0);
                } catch (UserInterruptException e) {
                    buffer.setLength(0);
                    continue;
                }
                if (line == null) {
                    break;
                }
                if (buffer.length() == 0 && line.strip().equals("\\q")) {
                    break;
                }
                buffer.append(line).append('\n');
                if (!SqlScript.complete(buffer.toString())) {
                    continue;
                }
                String text = buffer.toString().strip();
                buffer.setLength(0);
                lines.remember(text);
                for (String sql : SqlScript.split(text)) {
                    StatementDto statement = runInterruptibly(sql, lines.terminalSignals());
                    if (!"SUCCEEDED".equals(statement.getState())) {
                        failures++;
                    }
                }
            }
            if (buffer.toString().strip().length() > 0) {
                // input ended inside a statement: run it (a script's last statement may lack its ';')
                for (String sql : SqlScript.split(buffer.toString())) {
                    if (!"SUCCEEDED".equals(runInterruptibly(sql, lines.terminalSignals()).getState())) {
                        failures++;
                    }
                }
            }
        }
        // Interactive: the person saw each failure. A script on standard input: exit 8 if a statement failed.
        return !tty && failures > 0 ? ExitCode.WORK_FAILED : ExitCode.OK;
    }

    private Path historyFile() throws IOException {
        Path file = cli.environment().configDir().resolve("history").resolve("sql");
        if (!Files.exists(file)) {
            PrivateFiles.write(file, new byte[0]);
        }
        return file;
    }

    private static void makePrivate(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the directory's permissions are what they are
        }
    }

    /** JLine on the terminal (line editing, history); plain prompts if no terminal can be opened. */
    private Lines terminalLines() throws IOException {
        Path history = historyFile();
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).build();
        } catch (IOException | RuntimeException e) {
            return new PlainLines(true, history);
        }
        LineReader reader = LineReaderBuilder.builder().terminal(terminal)
                .variable(LineReader.HISTORY_FILE, history)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> cancelRunning());
        return new Lines() {
            @Override
            public String read(boolean continuation) {
                try {
                    return reader.readLine(continuation ? "  -> " : "sql> ");
                } catch (EndOfFileException e) {
                    return null;
                }
            }

            @Override
            public void remember(String statement) {
                // JLine added each line as it was entered; write them out now, privately
                try {
                    reader.getHistory().save();
                } catch (IOException e) {
                    // history is a convenience
                }
                makePrivate(history);
            }

            @Override
            public boolean terminalSignals() {
                return true;
            }

            @Override
            public void close() throws IOException {
                try {
                    reader.getHistory().save();
                } finally {
                    makePrivate(history);
                    terminal.handle(Terminal.Signal.INT, previous);
                    terminal.close();
                }
            }
        };
    }

    /** Lines from standard input: with prompts and a history file on a terminal JLine could not open, else none. */
    private final class PlainLines implements Lines {
        private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        private final boolean prompts;
        private final Path history;

        PlainLines(boolean prompts, Path history) {
            this.prompts = prompts;
            this.history = history;
        }

        @Override
        public String read(boolean continuation) throws IOException {
            if (prompts) {
                cli.err().print(continuation ? "  -> " : "sql> ");
                cli.err().flush();
            }
            return in.readLine();
        }

        @Override
        public void remember(String statement) {
            if (history == null) {
                return;
            }
            try {
                Files.writeString(history, statement.replace("\n", "\\n") + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                makePrivate(history);
            } catch (IOException e) {
                // history is a convenience
            }
        }

        @Override
        public boolean terminalSignals() {
            return false;
        }

        @Override
        public void close() {
            // standard input stays open: it is not ours
        }
    }

    /** SIGINT through the JDK's signal API (jdk.unsupported), when it exists; otherwise Ctrl-C ends the process. */
    static final class Signals {
        private Signals() {}

        static Object install(Runnable onInterrupt) {
            try {
                return sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> onInterrupt.run());
            } catch (IllegalArgumentException | LinkageError e) {
                return null;
            }
        }

        static void restore(Object previous) {
            if (previous instanceof sun.misc.SignalHandler handler) {
                try {
                    sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
                } catch (IllegalArgumentException e) {
                    // nothing to restore
                }
            }
        }
    }
}

package org.shuyu.cli.commands;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliException;
import org.shuyu.cli.support.ExitCode;
import org.shuyu.cli.support.Headers;
import org.shuyu.cli.support.Inputs;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.WorkspaceOption;
import org.shuyu.client.api.JobsApi;
import org.shuyu.client.model.JobDto;
import org.shuyu.client.model.JobStep;
import org.shuyu.client.model.JobSubmission;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shuyu jobs}: batch jobs in a workspace. {@code submit -f job.yaml --wait} runs a job spec (a name and SQL
 * steps) and follows it to its end with progress on standard error; {@code logs --follow} streams the job's log;
 * {@code cancel} stops it. Statements of interactive sessions are jobs too (kind {@code STATEMENT}) and show here.
 */
@Command(name = "jobs", description = "Batch jobs: submit (and wait), list, show, logs (follow), cancel.",
        subcommands = {JobsCommand.Submit.class, JobsCommand.ListJobs.class, JobsCommand.Show.class,
                JobsCommand.Logs.class, JobsCommand.Cancel.class})
public final class JobsCommand {
    /** States a job does not leave. */
    static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "REFUSED", "CANCELLED");

    static final List<Column<JobDto>> FIELDS = List.of(
            Column.of("ID", JobDto::getId),
            Column.of("NAME", JobDto::getName),
            Column.of("KIND", JobDto::getKind),
            Column.of("WORKSPACE", JobDto::getWorkspaceId),
            Column.of("STATE", JobDto::getState),
            Column.of("CODE", JobDto::getCode),
            Column.of("MESSAGE", JobDto::getMessage),
            Column.of("FAILED_STEP", JobDto::getFailedStep),
            Column.of("SUBMITTED_BY", JobDto::getSubmittedBy),
            Column.of("SUBMITTED", JobDto::getSubmittedAt),
            Column.of("STARTED", JobDto::getStartedAt),
            Column.of("FINISHED", JobDto::getFinishedAt),
            Column.of("CPU_SECONDS", j -> j.getMetrics() == null ? null : j.getMetrics().getCpuSeconds()),
            Column.of("WALL_MILLIS", j -> j.getMetrics() == null ? null : j.getMetrics().getWallMillis()),
            Column.of("STEPS", j -> j.getSteps() == null ? 0 : j.getSteps().size()));

    static final List<Column<JobDto>> ROW = List.of(
            Column.of("ID", JobDto::getId),
            Column.of("NAME", JobDto::getName),
            Column.of("KIND", JobDto::getKind),
            Column.of("STATE", JobDto::getState),
            Column.of("CODE", JobDto::getCode),
            Column.of("SUBMITTED_BY", JobDto::getSubmittedBy),
            Column.of("SUBMITTED", JobDto::getSubmittedAt));

    /** How often a running job is read again. {@code $SHUYU_POLL_MILLIS} changes it (tests, slow links). */
    static Duration pollInterval(Cli cli) {
        String value = cli.environment().variables().get("SHUYU_POLL_MILLIS");
        try {
            return Duration.ofMillis(value == null ? 1000 : Math.max(50, Long.parseLong(value)));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    static String elapsed(Instant since, Instant now) {
        long s = Math.max(0, Duration.between(since, now).getSeconds());
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    /** The job spec file as a submission, checked before any call: a name and at least one non-blank SQL step. */
    static JobSubmission readSpec(String file) {
        JobSubmission spec = Inputs.read(file, JobSubmission.class);
        if (spec.getName() == null || spec.getName().isBlank()) {
            throw CliException.usage("INPUT_MALFORMED", file + ": the job needs a 'name'");
        }
        if (spec.getSteps() == null || spec.getSteps().isEmpty()) {
            throw CliException.usage("INPUT_MALFORMED", file + ": the job needs 'steps' (a list of {sql: ...})");
        }
        for (int i = 0; i < spec.getSteps().size(); i++) {
            JobStep step = spec.getSteps().get(i);
            if (step == null || step.getSql() == null || step.getSql().isBlank()) {
                throw CliException.usage("INPUT_MALFORMED", file + ": step " + (i + 1) + " has no 'sql'");
            }
        }
        return spec;
    }

    /**
     * Follows a job until it ends: its state changes (with the elapsed time) on standard error, a line every 15
     * seconds while nothing changes. Ctrl-C leaves the job running and says how to cancel it.
     */
    static JobDto await(Cli cli, JobsApi api, JobDto job) throws Exception {
        Instant started = cli.environment().clock().instant();
        Duration poll = pollInterval(cli);
        String id = job.getId();
        Thread hook = new Thread(() -> {
            cli.err().println();
            cli.err().println("stopped waiting: job " + id + " keeps running; cancel it with: shuyu jobs cancel " + id);
            cli.err().flush();
        }, "shuyu-jobs-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String shown = null;
            Instant lastLine = started;
            while (true) {
                Instant now = cli.environment().clock().instant();
                String state = job.getState();
                if (!state.equals(shown)) {
                    cli.output().note("job " + id + ": " + state + " [" + elapsed(started, now) + "]");
                    shown = state;
                    lastLine = now;
                } else if (Duration.between(lastLine, now).getSeconds() >= 15) {
                    cli.output().note("job " + id + ": still " + state + " [" + elapsed(started, now) + "]");
                    lastLine = now;
                }
                if (FINAL.contains(state)) {
                    return job;
                }
                Thread.sleep(poll.toMillis());
                job = api.getJob(id);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs: the JVM is exiting (Ctrl-C)
            }
        }
    }

    /** Exit code of an ended job; a failed job's code and message on standard error. */
    static int outcome(Cli cli, JobDto job) {
        if ("SUCCEEDED".equals(job.getState())) {
            return ExitCode.OK;
        }
        String step = job.getFailedStep() == null ? "" : " at step " + job.getFailedStep();
        cli.err().println("error: " + (job.getCode() == null ? job.getState() : job.getCode()) + ": "
                + (job.getMessage() == null ? "job " + job.getState().toLowerCase() : job.getMessage())
                + " (job " + job.getId() + " " + job.getState() + step + ")");
        cli.err().flush();
        return ExitCode.WORK_FAILED;
    }

    @Command(name = "submit", description = "Submit a job spec (YAML or JSON: name, steps of {sql}); --wait follows it.")
    static final class Submit implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        WorkspaceOption workspace;

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
                description = "The job spec (YAML or JSON; - for standard input).")
        String file;

        @Option(names = "--wait", description = "Follow the job until it ends (progress on standard error); exit 8 if "
                + "it fails, is refused or cancelled.")
        boolean wait;

        @Option(names = {"-q", "--quiet"}, description = "Print only the new job's id.")
        boolean quiet;

        Submit(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            JobSubmission spec = readSpec(file);
            String ws = workspace.id(cli);
            JobsApi api = cli.api(JobsApi::new);
            JobDto job = api.submitJob(ws, spec, Headers.idempotent().get("Idempotency-Key"));
            if (!wait) {
                print(job);
                cli.output().note("job " + job.getId() + " " + job.getState() + "; follow it with: shuyu jobs logs "
                        + job.getId() + " --follow");
                return 0;
            }
            job = await(cli, api, job);
            print(job);
            return outcome(cli, job);
        }

        private void print(JobDto job) {
            if (quiet) {
                cli.output().line(job.getId());
            } else {
                cli.output().item(job, FIELDS);
            }
        }
    }

    @Command(name = "list", aliases = "ls", description = "List a workspace's jobs (statements too), newest first.")
    static final class ListJobs implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        WorkspaceOption workspace;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N (default 100).")
        int limit;

        ListJobs(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            cli.output().list(cli.api(JobsApi::new).listJobs(workspace.id(cli), limit, null), ROW);
            return 0;
        }
    }

    @Command(name = "show", description = "Show one job: state, code, steps' outcome, metrics.")
    static final class Show implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "JOB", description = "Job id.")
        String id;

        @Option(names = "--steps", description = "Also print the job's SQL steps.")
        boolean steps;

        Show(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            JobDto job = cli.api(JobsApi::new).getJob(id);
            cli.output().item(job, FIELDS);
            if (steps && job.getSteps() != null && cli.output().format() == org.shuyu.cli.support.Output.Format.TABLE) {
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < job.getSteps().size(); i++) {
                    lines.add("-- step " + (i + 1) + "\n" + job.getSteps().get(i));
                }
                cli.output().line(String.join("\n", lines));
            }
            return 0;
        }
    }

    @Command(name = "logs", aliases = "log", description = "Print a job's log; --follow prints new text until it ends.")
    static final class Logs implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "JOB", description = "Job id.")
        String id;

        @Option(names = {"-F", "--follow"}, description = "Keep printing what is new until the job ends.")
        boolean follow;

        Logs(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            JobsApi api = cli.api(JobsApi::new);
            String printed = "";
            if (!follow) {
                emit(api.getJobLog(id), printed);
                return 0;
            }
            Duration poll = pollInterval(cli);
            while (true) {
                // The state first: a log read after the job ended holds everything it wrote.
                boolean ended = FINAL.contains(api.getJob(id).getState());
                printed = emit(api.getJobLog(id), printed);
                if (ended) {
                    return 0;
                }
                Thread.sleep(poll.toMillis());
            }
        }

        /** Prints what {@code log} has beyond what was printed; the whole log if it no longer starts with it. */
        private String emit(String log, String printed) {
            String text = log == null ? "" : log;
            String fresh = text.startsWith(printed) ? text.substring(printed.length()) : text;
            if (!fresh.isEmpty()) {
                cli.out().print(fresh);
                cli.out().flush();
            }
            return text;
        }
    }

    @Command(name = "cancel", description = "Cancel a queued or running job.")
    static final class Cancel implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "JOB", description = "Job id.")
        String id;

        Cancel(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            JobDto job = cli.api(JobsApi::new).cancelJob(id);
            cli.output().item(job, FIELDS);
            cli.output().note("job " + id + " " + job.getState().toLowerCase());
            return 0;
        }
    }
}

package org.shuyu.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliFactory;
import org.shuyu.cli.support.Failures;
import org.shuyu.cli.support.GlobalOptions;
import org.shuyu.cli.support.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code shuyu}: the platform from the command line. Subcommands are grouped by what a persona does; each talks to
 * the controller only through the generated API client ({@code org.shuyu.client}), so the spec in {@code api/} is what
 * the CLI exercises. Its {@code --help}/{@code --version} options are inherited by every subcommand
 * ({@code shuyu grants suspend --help}). Register new command groups in {@link #subcommands()}'s annotation list below.
 */
@Command(name = "shuyu", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = VersionProvider.class,
        description = "Shuyu public data sandbox platform: grants, workspaces, jobs, lineage, products and audit.",
        subcommands = {
                CommandLine.HelpCommand.class,
                org.shuyu.cli.commands.MeCommand.class,
                org.shuyu.cli.commands.LoginCommand.class,
                org.shuyu.cli.commands.LogoutCommand.class,
                org.shuyu.cli.commands.ProfilesCommand.class,
                org.shuyu.cli.commands.CompletionCommand.class,
                org.shuyu.cli.commands.OrganizationsCommand.class,
                org.shuyu.cli.commands.PersonnelCommand.class,
                org.shuyu.cli.commands.QuotaCommand.class,
                org.shuyu.cli.commands.AdmissionCommand.class,
                org.shuyu.cli.commands.AnnouncementsCommand.class,
                org.shuyu.cli.commands.LabsCommand.class,
                org.shuyu.cli.commands.ApplicationsCommand.class,
                org.shuyu.cli.commands.GrantsCommand.class,
                org.shuyu.cli.commands.RegistersCommand.Publications.class,
                org.shuyu.cli.commands.RegistersCommand.Filings.class,
                org.shuyu.cli.commands.RegistersCommand.Deletions.class,
                org.shuyu.cli.commands.WorkspacesCommand.class,
                org.shuyu.cli.commands.JobsCommand.class,
                org.shuyu.cli.commands.TablesCommand.class,
                org.shuyu.cli.commands.SessionsCommand.class,
                org.shuyu.cli.commands.SqlCommand.class,
                org.shuyu.cli.commands.DatasetsCommand.class,
                org.shuyu.cli.commands.ProvidersCommand.class,
                org.shuyu.cli.commands.ConsentsCommand.class,
                org.shuyu.cli.commands.LineageCommand.class,
                org.shuyu.cli.commands.ProductsCommand.class,
                org.shuyu.cli.commands.AuditCommand.class,
                org.shuyu.cli.commands.ApiCommand.class,
        })
public final class Shuyu implements Runnable {
    @Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with the streams given (tests pass their own), ready to {@code execute}. */
    public static CommandLine commandLine(Cli.Environment environment, PrintWriter out, PrintWriter err) {
        CliFactory factory = new CliFactory(environment, out, err);
        CommandLine cmd = new CommandLine(Shuyu.class, factory);
        cmd.setOut(out);
        cmd.setErr(err);
        Failures failures = new Failures(factory.cli());
        cmd.setExecutionExceptionHandler(failures);
        cmd.setParameterExceptionHandler(failures);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        // "@FILE" is a body or a file of our options (api -d @body.json, curl's habit), never picocli's argument file:
        // expanding it would split the file's JSON into words before the option ever saw it
        cmd.setExpandAtFiles(false);
        return cmd;
    }

    /** Runs one invocation and returns its exit code (see {@link org.shuyu.cli.support.ExitCode}). */
    public static int run(Cli.Environment environment, PrintWriter out, PrintWriter err, String... args) {
        return commandLine(environment, out, err).execute(args);
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale: names and titles are often Chinese
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(Cli.Environment.system(), out, err, args));
    }
}

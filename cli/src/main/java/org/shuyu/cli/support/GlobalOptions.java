package org.shuyu.cli.support;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command accepts, before or after the subcommand ({@code shuyu -o json grants list} or
 * {@code shuyu grants list -o json}). One instance per invocation: {@link CliFactory} hands the same object to every
 * command that mixes it in, and {@link Cli#options()} reads it.
 */
public final class GlobalOptions {
    @Option(names = {"-p", "--profile"}, scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Named profile (server and login) to use; default: the current profile, or $SHUYU_PROFILE.")
    public String profile;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: table).")
    public Output.Format output;

    @Option(names = {"--server"}, scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Controller base URL for this call (overrides the profile; or $SHUYU_SERVER).")
    public String server;

    @Option(names = {"--debug"}, scope = ScopeType.INHERIT, hidden = true,
            description = "Print stack traces of unexpected errors.")
    public boolean debug;
}

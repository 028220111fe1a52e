package org.shuyu.cli.support;

import picocli.CommandLine.Option;

/**
 * {@code -w/--workspace WS} for commands that work in a workspace ({@code @Mixin WorkspaceOption workspace;}), with
 * {@code $SHUYU_WORKSPACE} as the fallback so a shell session can set it once.
 */
public final class WorkspaceOption {
    @Option(names = {"-w", "--workspace"}, paramLabel = "WS",
            description = "Workspace id (a grant's or lab's id); default: $SHUYU_WORKSPACE.")
    String workspace;

    /** The workspace id: the option, else {@code $SHUYU_WORKSPACE}; a usage error when neither is set. */
    public String id(Cli cli) {
        if (workspace != null && !workspace.isBlank()) {
            return workspace;
        }
        String fromEnv = cli.environment().variables().get("SHUYU_WORKSPACE");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        throw CliException.usage("NO_WORKSPACE", "which workspace? give -w WS or set $SHUYU_WORKSPACE");
    }
}

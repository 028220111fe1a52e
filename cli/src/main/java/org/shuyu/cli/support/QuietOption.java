package org.shuyu.cli.support;

import picocli.CommandLine.Option;

/**
 * {@code -q/--quiet} for creation commands ({@code @Mixin QuietOption quiet;}): print only the new object's id on
 * standard output, for scripts ({@code G=$(shuyu grants create -f grant.yaml -q)}). Use with
 * {@link Output#created}.
 */
public final class QuietOption {
    @Option(names = {"-q", "--quiet"}, description = "Print only the new object's id (for scripts).")
    boolean quiet;

    public boolean quiet() {
        return quiet;
    }
}

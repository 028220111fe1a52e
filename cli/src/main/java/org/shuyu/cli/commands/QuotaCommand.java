package org.shuyu.cli.commands;

import java.util.List;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliException;
import org.shuyu.cli.support.Inputs;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.client.api.AdmissionApi;
import org.shuyu.client.model.QuotaBody;
import org.shuyu.client.model.QuotaDto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shuyu quota}: an organization's compute quota (cores, memory, engines) that admission enforces. */
@Command(name = "quota", description = "An organization's compute quota: show, set.",
        subcommands = {QuotaCommand.Show.class, QuotaCommand.Set.class})
public final class QuotaCommand {
    private QuotaCommand() {}

    static List<Column<QuotaDto>> fields() {
        return List.of(
                Column.of("ORGANIZATION", QuotaDto::getOrganizationId),
                Column.of("MAX CORES", QuotaDto::getMaxCores),
                Column.of("MAX MEMORY MB", QuotaDto::getMaxMemoryMb),
                Column.of("MAX ENGINES", QuotaDto::getMaxEngines),
                Column.of("SOURCE", QuotaDto::getSource),
                Column.of("UPDATED", QuotaDto::getUpdatedAt),
                Column.of("UPDATED BY", QuotaDto::getUpdatedBy));
    }

    /** {@code shuyu quota show ORG}. */
    @Command(name = "show", aliases = "get", description = "Show an organization's compute quota.")
    static final class Show implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ORG", description = "Organization id.")
        String org;

        Show(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            cli.output().item(cli.api(AdmissionApi::new).getComputeQuota(org), fields());
            return 0;
        }
    }

    /** {@code shuyu quota set ORG -f quota.yaml} or with flags. */
    @Command(name = "set", description = {"Set an organization's compute quota from a file or flags; what is not "
            + "given keeps its current value.",
            "Example file:", "  maxCores: 8", "  maxMemoryMb: 16384", "  maxEngines: 2"})
    static final class Set implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ORG", description = "Organization id.")
        String org;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE",
                description = "The quota (YAML or JSON; '-' for standard input); flags override its fields.")
        String file;

        @Option(names = "--cores", paramLabel = "N", description = "Maximum cores at once.")
        Integer cores;

        @Option(names = "--memory-mb", paramLabel = "MB", description = "Maximum memory at once, in MB.")
        Integer memoryMb;

        @Option(names = "--engines", paramLabel = "N", description = "Maximum engines at once.")
        Integer engines;

        Set(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            if (file == null && cores == null && memoryMb == null && engines == null) {
                throw CliException.usage("MISSING_INPUT", "give -f FILE or at least one of --cores, --memory-mb, "
                        + "--engines");
            }
            QuotaBody body = file == null ? new QuotaBody() : Inputs.read(file, QuotaBody.class);
            if (cores != null) {
                body.maxCores(cores);
            }
            if (memoryMb != null) {
                body.maxMemoryMb(memoryMb);
            }
            if (engines != null) {
                body.maxEngines(engines);
            }
            AdmissionApi api = cli.api(AdmissionApi::new);
            if (body.getMaxCores() == null || body.getMaxMemoryMb() == null || body.getMaxEngines() == null) {
                // the API replaces the whole quota: keep the current value of what was not given
                QuotaDto current = api.getComputeQuota(org);
                if (body.getMaxCores() == null) {
                    body.maxCores(current.getMaxCores());
                }
                if (body.getMaxMemoryMb() == null) {
                    body.maxMemoryMb(current.getMaxMemoryMb());
                }
                if (body.getMaxEngines() == null) {
                    body.maxEngines(current.getMaxEngines());
                }
            }
            QuotaDto quota = api.putComputeQuota(org, body);
            cli.output().item(quota, fields());
            cli.output().note("quota of " + org + " set");
            return 0;
        }
    }
}

package org.shuyu.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliException;
import org.shuyu.cli.support.Output;
import org.shuyu.cli.support.RawJson;
import org.shuyu.cli.support.Tabular;
import org.shuyu.cli.support.WorkspaceOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shuyu tables preview}: the first rows of a workspace table, masked by the server exactly as every result
 * (hashes, nullified identifiers, non-consenting persons absent). The preview runs as an enforced job, so the first
 * one in a while may take as long as a JVM start.
 */
@Command(name = "tables", description = "Workspace tables: preview (masked first rows).",
        subcommands = {TablesCommand.Preview.class})
public final class TablesCommand {

    @Command(name = "preview", description = "Show a table's first rows, masked.")
    static final class Preview implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        WorkspaceOption workspace;

        @Parameters(paramLabel = "TABLE", description = "Table name in the workspace's database.")
        String table;

        @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20",
                description = "How many rows (default ${DEFAULT-VALUE}; the server caps it).")
        int limit;

        Preview(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            if (limit < 1) {
                throw CliException.usage("INVALID_LIMIT", "--limit must be at least 1 (got " + limit + ")");
            }
            String ws = workspace.id(cli);
            // previewTable is still typed as a string in the spec; read its JSON (RawJson), which stays the same.
            JsonNode preview = RawJson.get(cli.client(), "/api/v1/workspaces/" + RawJson.segment(ws) + "/tables/"
                    + RawJson.segment(table) + "/preview?limit=" + limit);
            if (cli.output().format() != Output.Format.TABLE) {
                cli.output().structured(preview);
                return 0;
            }
            Tabular.print(preview.path("result"), cli.out());
            if (preview.hasNonNull("jobId")) {
                cli.output().note("preview job " + preview.path("jobId").asText() + " (masked as every result)");
            }
            return 0;
        }
    }
}

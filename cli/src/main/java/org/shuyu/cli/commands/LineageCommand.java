package org.shuyu.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliException;
import org.shuyu.cli.support.Output;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.PageOptions;
import org.shuyu.cli.support.Pages;
import org.shuyu.client.api.LineageApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shuyu lineage}: where a dataset (or one of its columns) came from and where it went (R-24c), with the jobs,
 * people and grants on every edge: a tree by default, the API's JSON with {@code -o json}, Graphviz with {@code --dot}.
 * {@code lineage job} lists what each statement of a job read and wrote.
 */
@Command(name = "lineage", description = "Lineage of datasets and columns (upstream/downstream) and of jobs.",
        subcommands = {LineageCommand.Up.class, LineageCommand.Down.class, LineageCommand.OfJob.class})
public final class LineageCommand extends DataSupport.Group {

    /** What up and down share: the start, column, depth, DOT. */
    abstract static class Walk implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset: database.table (a workspace table) or"
                + " namespace.table (a catalog source).")
        String dataset;
        @Option(names = "--column", paramLabel = "COLUMN", description = "Follow this column of the dataset (column-level lineage).")
        String column;
        @Option(names = "--depth", paramLabel = "N", description = "Follow at most N jobs away (default: all).")
        Integer depth;
        @Option(names = "--dot", description = "Print a Graphviz DOT graph (e.g. | dot -Tsvg > lineage.svg).")
        boolean dot;

        Walk(Cli cli) {
            this.cli = cli;
        }

        abstract String direction();

        @Override
        public Integer call() throws Exception {
            if (depth != null && depth < 1) {
                throw CliException.usage("USAGE", "--depth must be at least 1 (got " + depth + ")");
            }
            Object answer = cli.api(LineageApi::new).queryLineage(dataset, column, direction(),
                    depth == null ? null : String.valueOf(depth), null, null, null);
            JsonNode graph = DataSupport.tree(answer);
            if (dot) {
                cli.output().line(new LineageGraphText(graph).dot().stripTrailing());
            } else if (cli.output().format() != Output.Format.TABLE) {
                cli.output().structured(graph);
            } else {
                cli.output().line(new LineageGraphText(graph).tree().stripTrailing());
            }
            return 0;
        }
    }

    @Command(name = "up", aliases = "upstream", description = "Where a dataset or column came from (upstream), as a tree.")
    static final class Up extends Walk {
        Up(Cli cli) {
            super(cli);
        }

        @Override
        String direction() {
            return "upstream";
        }
    }

    @Command(name = "down", aliases = "downstream", description = "Where a dataset or column went (downstream), as a tree.")
    static final class Down extends Walk {
        Down(Cli cli) {
            super(cli);
        }

        @Override
        String direction() {
            return "downstream";
        }
    }

    @Command(name = "job", description = "What each statement of a job read and wrote (including previews).")
    static final class OfJob implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job.")
        String job;
        @Mixin
        PageOptions paging;

        OfJob(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            LineageApi api = cli.api(LineageApi::new);
            var statements = Pages.list(cli, paging, (limit, token) -> api.getJobLineageWithHttpInfo(job, limit, token));
            List<JsonNode> rows = new ArrayList<>();
            for (Object statement : statements) {
                rows.add(DataSupport.tree(statement));
            }
            cli.output().list(rows, List.of(
                    Column.of("STEP", r -> DataSupport.text(r, "step")),
                    Column.of("STATEMENT", r -> DataSupport.text(r, "statement")),
                    Column.of("STATE", r -> DataSupport.text(r, "state")),
                    Column.of("USER", r -> DataSupport.text(r, "user")),
                    Column.of("INPUTS", r -> names(r.get("inputs"))),
                    Column.of("OUTPUTS", r -> names(r.get("outputs")))));
            return 0;
        }

        /** Dataset names of an inputs/outputs array (outputs also with their write mode). */
        private static String names(JsonNode array) {
            List<String> names = new ArrayList<>();
            for (JsonNode item : DataSupport.elements(array)) {
                if (item.isTextual()) {
                    names.add(item.asText());
                } else if (item.has("dataset")) {
                    String mode = DataSupport.text(item, "mode");
                    names.add(DataSupport.text(item, "dataset") + (mode == null ? "" : " (" + mode + ")"));
                } else {
                    names.add(item.toString());
                }
            }
            return String.join(", ", names);
        }
    }
}

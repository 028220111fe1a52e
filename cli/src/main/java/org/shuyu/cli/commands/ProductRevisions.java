package org.shuyu.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliException;
import org.shuyu.cli.support.ExitCode;
import org.shuyu.cli.support.Output;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.client.api.ProductsApi;
import org.shuyu.client.model.ProductDto;
import org.shuyu.client.model.ResubmitBody;
import org.shuyu.client.model.ReturnBody;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shuyu products return|resubmit|statistics} (issue 20, docs/products.md "Review that can review"): an expert
 * returns a candidate in review for revision with a comment; the operator resubmits it as its next revision (frozen,
 * checked and reviewed again); reviewers read the snapshot's per-column statistics (small counts hidden).
 */
final class ProductRevisions {
    private ProductRevisions() {}

    @Command(name = "return", description = "Return a candidate in review for revision, with a comment (experts).")
    static final class Return implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "What the operator must revise.")
        String comment;

        Return(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            ProductsApi api = cli.api(ProductsApi::new);
            return ProductsCommand.changed(cli, api.returnProduct(id, ProductsCommand.etag(ProductsCommand.read(api, id)),
                    new ReturnBody().comment(comment)), "returned for revision");
        }
    }

    @Command(name = "resubmit", description = "Resubmit a returned candidate as its next revision: frozen and checked again.")
    static final class Resubmit implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Option(names = "--job", paramLabel = "JOB", description = "The job whose output is the revision (recorded).")
        String job;
        @Option(names = "--wait", description = "Wait until the new snapshot and the automatic checks are done.")
        boolean await;
        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
                description = "With --wait: give up after this many seconds (default: ${DEFAULT-VALUE}).")
        long timeout;

        Resubmit(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            ProductsApi api = cli.api(ProductsApi::new);
            ProductDto product = api.resubmitProduct(id, ProductsCommand.etag(ProductsCommand.read(api, id)),
                    new ResubmitBody().job(job));
            if (!await) {
                return ProductsCommand.changed(cli, product, "resubmitted; the snapshot and checks run now");
            }
            Instant deadline = cli.environment().clock().instant().plus(Duration.ofSeconds(timeout));
            while (ProductsCommand.CHECKING.contains(product.getState())) {
                if (cli.environment().clock().instant().isAfter(deadline)) {
                    throw new CliException(ExitCode.ERROR, "TIMEOUT", "product " + id + " is still " + product.getState()
                            + " after " + timeout + " s; see 'shuyu products show " + id + "'");
                }
                Thread.sleep(500);
                product = api.getProduct(id);
            }
            ProductsCommand.changed(cli, product, "resubmitted and checked");
            return "REJECTED".equals(product.getState()) ? ExitCode.WORK_FAILED : ExitCode.OK;
        }
    }

    @Command(name = "statistics", aliases = "stats",
            description = "Per-column statistics of a candidate's snapshot (counts below k hidden).")
    static final class Statistics implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        Statistics(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            JsonNode stats = DataSupport.tree(cli.api(ProductsApi::new).getProductStatistics(id));
            Output output = cli.output();
            if (output.format() != Output.Format.TABLE) {
                output.structured(stats);
                return 0;
            }
            output.line(DataSupport.text(stats, "rows") + " rows; counts below k=" + DataSupport.text(stats, "k")
                    + " hidden");
            output.list(DataSupport.elements(stats.get("columns")), List.of(
                    Column.of("COLUMN", c -> DataSupport.text(c, "name")),
                    Column.of("COUNT", c -> DataSupport.text(c, "count")),
                    Column.of("NULLS", c -> DataSupport.text(c, "nulls")),
                    Column.of("DISTINCT", c -> c.path("withheld").asBoolean() ? "(withheld)"
                            : DataSupport.text(c, "distinct")),
                    Column.of("MIN", c -> DataSupport.text(c, "min")),
                    Column.of("MAX", c -> DataSupport.text(c, "max")),
                    Column.of("MEAN", c -> DataSupport.text(c, "mean")),
                    Column.of("TOP", c -> {
                        List<String> top = new ArrayList<>();
                        DataSupport.elements(c.get("top")).forEach(v -> top.add(DataSupport.text(v, "value") + " ("
                                + DataSupport.text(v, "count") + ")"));
                        return top;
                    }),
                    Column.of("HIDDEN", c -> DataSupport.text(c, "hidden"))));
            return 0;
        }
    }
}

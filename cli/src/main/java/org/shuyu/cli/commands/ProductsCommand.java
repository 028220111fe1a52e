package org.shuyu.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.shuyu.cli.support.Output;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.PageOptions;
import org.shuyu.cli.support.Pages;
import org.shuyu.cli.support.QuietOption;
import org.shuyu.client.ApiResponse;
import org.shuyu.client.api.ProductsApi;
import org.shuyu.client.model.CreateBody;
import org.shuyu.client.model.DeliveryDto;
import org.shuyu.client.model.ProductDto;
import org.shuyu.client.model.ReasonBody;
import org.shuyu.client.model.ReviewBody;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shuyu products}: data products through the airlock (R-19b): a candidate from a workspace table, submitted
 * (frozen and checked automatically), reviewed by two independent experts, listed ("published") by the authority,
 * delivered only for the grant's scenario (R-21a), with its registration record. Changes read the product
 * first and send its ETag ({@code If-Match}), so a decision never applies to a state the person did not see.
 */
@Command(name = "products", description = "Data products: create, submit, review, publish, deliver.",
        subcommands = {ProductsCommand.ListProducts.class, ProductsCommand.Show.class, ProductsCommand.Create.class,
                ProductsCommand.Submit.class, ProductsCommand.Withdraw.class, ProductsCommand.Review.class,
                ProductsCommand.Publish.class, ProductsCommand.Delist.class, ProductDownload.class,
                ProductsCommand.Deliveries.class, ProductsCommand.Registration.class, ProductsCommand.Lineage.class,
                ProductRevisions.Return.class, ProductRevisions.Resubmit.class, ProductRevisions.Statistics.class})
public final class ProductsCommand extends DataSupport.Group {
    /** States a submitted product passes through before a person sees it. */
    static final Set<String> CHECKING = Set.of("SUBMITTED", "CHECKING");

    static List<Column<ProductDto>> rowColumns() {
        return List.of(
                Column.of("ID", ProductDto::getId),
                Column.of("NAME", ProductDto::getName),
                Column.of("VERSION", ProductDto::getVersion),
                Column.of("KIND", ProductDto::getKind),
                Column.of("STATE", ProductDto::getState),
                Column.of("GRANT", ProductDto::getGrantId),
                Column.of("UPDATED", ProductDto::getUpdatedAt));
    }

    static List<Column<ProductDto>> itemFields() {
        return List.of(
                Column.of("ID", ProductDto::getId),
                Column.of("NAME", p -> p.getName() + " (version " + p.getVersion() + ")"),
                Column.of("KIND", p -> p.getKind() + (p.getDelivery() == null ? "" : " by " + p.getDelivery())),
                Column.of("STATE", p -> p.getState() + (p.getStateReason() == null ? "" : ": " + p.getStateReason())),
                Column.of("REVISION", p -> p.getRevision() == null ? null : p.getRevision()
                        + (p.getResubmitBy() == null ? "" : " (resubmit by " + p.getResubmitBy() + ")")),
                Column.of("GRANT", ProductDto::getGrantId),
                Column.of("ORGANIZATION", ProductDto::getOrganizationId),
                Column.of("SCENARIO", ProductDto::getScenario),
                Column.of("TABLE", ProductDto::getTable),
                Column.of("GROUP SIZE COLUMN", ProductDto::getGroupSizeColumn),
                Column.of("DESCRIPTION", ProductDto::getDescription),
                Column.of("CREATED", p -> p.getCreatedAt() + " by " + p.getCreatedBy()),
                Column.of("UPDATED", ProductDto::getUpdatedAt),
                Column.of("SNAPSHOT", p -> {
                    JsonNode s = DataSupport.tree(p.getSnapshot());
                    return s == null || s.isNull() ? null : s.path("rows").asText() + " rows, " + s.path("bytes").asText()
                            + " bytes, sha256 " + s.path("sha256").asText();
                }),
                Column.of("CHECKS", p -> p.getChecks() == null ? null : p.getChecks().stream()
                        .map(c -> c.getCheck() + " " + c.getVerdict()).toList()),
                Column.of("REVIEWS", p -> {
                    List<String> reviews = new ArrayList<>();
                    for (JsonNode r : DataSupport.elements(DataSupport.tree(p.getReviews()))) {
                        String decision = DataSupport.text(r, "decision");
                        String revision = DataSupport.text(r, "revision");
                        reviews.add((revision == null ? "" : "r" + revision + " ") + DataSupport.text(r, "reviewer")
                                + (decision == null ? "" : " " + decision));
                    }
                    return reviews;
                }));
    }

    /** A product as fields, then (table output) failed checks with their reasons. */
    static void print(Cli cli, ProductDto product) {
        cli.output().item(product, itemFields());
        if (cli.output().format() == Output.Format.TABLE && product.getChecks() != null) {
            product.getChecks().stream().filter(c -> !"PASS".equals(c.getVerdict())).forEach(c ->
                    cli.output().line("  " + c.getCheck() + " " + c.getVerdict() + ": " + c.getReason()));
        }
    }

    /** The product now, with its ETag, for a change. */
    static ApiResponse<ProductDto> read(ProductsApi api, String id) throws Exception {
        return api.getProductWithHttpInfo(id);
    }

    static String etag(ApiResponse<?> read) {
        return Headers.etag(read).orElse(null);
    }

    /** After a change: the product (or -o json) on standard output, a note on standard error. */
    static Integer changed(Cli cli, ProductDto product, String what) {
        print(cli, product);
        cli.output().note("product " + product.getId() + " " + what + " (" + product.getState() + ")");
        return 0;
    }

    @Command(name = "list", aliases = "ls", description = "List data products (the listed catalog, and your grants' candidates).")
    static final class ListProducts implements Callable<Integer> {
        private final Cli cli;
        @Option(names = "--grant", paramLabel = "GRANT", description = "Only products of this grant.")
        String grant;
        @Option(names = "--state", paramLabel = "STATE", description = "Only products in this state (e.g. LISTED, IN_REVIEW).")
        String state;
        @Mixin
        PageOptions paging;

        ListProducts(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            ProductsApi api = cli.api(ProductsApi::new);
            List<ProductDto> products = Pages.list(cli, paging,
                    (limit, token) -> api.listProductsWithHttpInfo(grant, state, limit, token));
            cli.output().list(products, rowColumns());
            return 0;
        }
    }

    @Command(name = "show", aliases = "get", description = "Show a product with its snapshot, checks and reviews.")
    static final class Show implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        Show(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            print(cli, cli.api(ProductsApi::new).getProduct(id));
            return 0;
        }
    }

    @Command(name = "create", description = "Create a candidate from a workspace table (-f product.yaml, or flags).")
    static final class Create implements Callable<Integer> {
        private final Cli cli;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE",
                description = "grantId, name, kind, table, groupSizeColumn, description as YAML/JSON; '-' reads stdin.")
        String file;
        @Option(names = "--grant", paramLabel = "GRANT") String grant;
        @Option(names = "--name", paramLabel = "NAME") String name;
        @Option(names = "--kind", paramLabel = "KIND", description = "DATA_INTERFACE, DATA_PACKAGE, DATA_REPORT or DATA_MODEL.")
        String kind;
        @Option(names = "--table", paramLabel = "TABLE", description = "The workspace table to release.") String table;
        @Option(names = "--group-size-column", paramLabel = "COLUMN",
                description = "The column holding each group's size (aggregated tables).") String groupSizeColumn;
        @Option(names = "--description", paramLabel = "TEXT") String description;
        @Mixin
        QuietOption quiet;

        Create(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            boolean flags = grant != null || name != null || kind != null || table != null || groupSizeColumn != null
                    || description != null;
            CreateBody body;
            if (file != null) {
                if (flags) {
                    throw CliException.usage("USAGE", "give either -f FILE or the --grant/--name/... flags, not both");
                }
                body = Inputs.read(file, CreateBody.class);
            } else {
                if (grant == null || name == null || kind == null || table == null) {
                    throw CliException.usage("USAGE", "give -f FILE, or --grant, --name, --kind and --table");
                }
                body = new CreateBody().grantId(grant).name(name).kind(kind).table(table)
                        .groupSizeColumn(groupSizeColumn).description(description);
            }
            ProductDto created = cli.api(ProductsApi::new).createProduct(body, DataSupport.idempotencyKey());
            if (quiet.quiet()) {
                cli.output().line(created.getId());
                return 0;
            }
            return changed(cli, created, "created");
        }
    }

    @Command(name = "submit", description = "Submit a candidate: it is frozen (snapshot job) and checked automatically.")
    static final class Submit implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Option(names = "--wait", description = "Wait until the snapshot and the automatic checks are done.")
        boolean await;
        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
                description = "With --wait: give up after this many seconds (default: ${DEFAULT-VALUE}).")
        long timeout;

        Submit(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            ProductsApi api = cli.api(ProductsApi::new);
            ProductDto product = api.submitProduct(id, etag(read(api, id)));
            if (await) {
                Instant deadline = cli.environment().clock().instant().plus(Duration.ofSeconds(timeout));
                String last = null;
                while (CHECKING.contains(product.getState())) {
                    if (!product.getState().equals(last)) {
                        cli.output().note("product " + id + ": " + product.getState());
                        last = product.getState();
                    }
                    if (cli.environment().clock().instant().isAfter(deadline)) {
                        throw new CliException(ExitCode.ERROR, "TIMEOUT", "product " + id + " is still "
                                + product.getState() + " after " + timeout + " s; see 'shuyu products show " + id + "'");
                    }
                    Thread.sleep(500);
                    product = api.getProduct(id);
                }
                changed(cli, product, "checked");
                return "REJECTED".equals(product.getState()) ? ExitCode.WORK_FAILED : ExitCode.OK;
            }
            return changed(cli, product, "submitted; the snapshot and checks run now");
        }
    }

    @Command(name = "withdraw", description = "Withdraw a candidate (before it is approved).")
    static final class Withdraw implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        Withdraw(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            ProductsApi api = cli.api(ProductsApi::new);
            return changed(cli, api.withdrawProduct(id, etag(read(api, id)), new ReasonBody().reason(reason)), "withdrawn");
        }
    }

    /** Exactly one of --approve and --reject. */
    static final class Verdict {
        @Option(names = "--approve", required = true, description = "Approve the product.")
        boolean approve;
        @Option(names = "--reject", required = true, description = "Reject the product (an opinion is required).")
        boolean reject;
    }

    @Command(name = "review", description = "Record your expert review: --approve or --reject, with --opinion.")
    static final class Review implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Verdict verdict;
        @Option(names = "--opinion", required = true, paramLabel = "TEXT", description = "Your opinion (the review's comment).")
        String opinion;

        Review(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            ProductsApi api = cli.api(ProductsApi::new);
            ReviewBody body = new ReviewBody().decision(verdict.approve ? "APPROVE" : "REJECT").comment(opinion);
            return changed(cli, api.reviewProduct(id, body, etag(read(api, id))), "reviewed");
        }
    }

    @Command(name = "publish", description = "List an approved product in the catalog (the authority).")
    static final class Publish implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        Publish(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            ProductsApi api = cli.api(ProductsApi::new);
            return changed(cli, api.listProductInCatalog(id, etag(read(api, id))), "published");
        }
    }

    @Command(name = "delist", description = "Delist a product: delivery stops at once.")
    static final class Delist implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        Delist(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            ProductsApi api = cli.api(ProductsApi::new);
            return changed(cli, api.delistProduct(id, etag(read(api, id)), new ReasonBody().reason(reason)), "delisted");
        }
    }

    @Command(name = "deliveries", description = "The deliveries of a product (who, for which scenario, how much, outcome).")
    static final class Deliveries implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Mixin
        PageOptions paging;

        Deliveries(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            ProductsApi api = cli.api(ProductsApi::new);
            List<DeliveryDto> deliveries = Pages.list(cli, paging,
                    (limit, token) -> api.listDeliveriesWithHttpInfo(id, limit, token));
            cli.output().list(deliveries, List.of(
                    Column.of("CALL", DeliveryDto::getCallId),
                    Column.of("CALLER", DeliveryDto::getCaller),
                    Column.of("CHANNEL", DeliveryDto::getChannel),
                    Column.of("SCENARIO", DeliveryDto::getScenario),
                    Column.of("STARTED", DeliveryDto::getStartedAt),
                    Column.of("ROWS", DeliveryDto::getRows),
                    Column.of("BYTES", DeliveryDto::getBytes),
                    Column.of("OUTCOME", d -> d.getFailure() == null ? d.getOutcome() : d.getOutcome() + ": " + d.getFailure())));
            return 0;
        }
    }

    @Command(name = "registration", description = "The registration record of a listed product (R-22), as JSON or YAML.")
    static final class Registration implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        Registration(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            cli.output().structured(DataSupport.tree(cli.api(ProductsApi::new).getProductRegistration(id)));
            return 0;
        }
    }

    @Command(name = "lineage", description = "What reviewers see: the statements upstream of a product and its columns' origins.")
    static final class Lineage implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        Lineage(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            JsonNode lineage = DataSupport.tree(cli.api(ProductsApi::new).getProductLineage(id));
            Output output = cli.output();
            if (output.format() != Output.Format.TABLE) {
                output.structured(lineage);
                return 0;
            }
            output.line("product " + DataSupport.text(lineage, "product") + " from table " + DataSupport.text(lineage, "dataset"));
            List<String> sources = new ArrayList<>();
            DataSupport.elements(lineage.get("sources")).forEach(s -> sources.add(s.asText()));
            output.line("sources: " + (sources.isEmpty() ? "(none)" : String.join(", ", sources)));
            output.line("");
            output.list(DataSupport.elements(lineage.get("statements")), List.of(
                    Column.of("PROCESS", s -> DataSupport.text(s, "process")),
                    Column.of("USER", s -> DataSupport.text(s, "user")),
                    Column.of("STATE", s -> DataSupport.text(s, "state")),
                    Column.of("SQL", s -> DataSupport.text(s, "sql"))));
            output.line("");
            output.list(DataSupport.elements(lineage.get("columns")), List.of(
                    Column.of("COLUMN", c -> DataSupport.text(c, "name")),
                    Column.of("CLASSIFICATION", c -> DataSupport.text(c, "classification")),
                    Column.of("GRADE", c -> DataSupport.text(c, "grade")),
                    Column.of("FROM", c -> {
                        List<String> from = new ArrayList<>();
                        for (JsonNode f : DataSupport.elements(c.get("sourceColumns"))) {
                            List<String> kinds = new ArrayList<>();
                            DataSupport.elements(f.get("kinds")).forEach(k -> kinds.add(k.asText()));
                            from.add(DataSupport.text(f, "column") + " " + kinds);
                        }
                        return from;
                    })));
            return 0;
        }
    }
}

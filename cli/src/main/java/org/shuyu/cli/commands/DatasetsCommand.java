package org.shuyu.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.Inputs;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.PageOptions;
import org.shuyu.cli.support.Pages;
import org.shuyu.cli.support.QuietOption;
import org.shuyu.client.api.CatalogApi;
import org.shuyu.client.model.DatasetDto;
import org.shuyu.client.model.DatasetRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shuyu datasets}: the data catalog. Everyone reads it; providers register the datasets of their
 * jurisdiction, the authority any. A dataset's grade is derived by the server from its columns.
 */
@Command(name = "datasets", description = "The data catalog: list, show and register datasets.",
        subcommands = {DatasetsCommand.ListDatasets.class, DatasetsCommand.ShowDataset.class,
                DatasetsCommand.RegisterDataset.class})
public final class DatasetsCommand extends DataSupport.Group {

    static List<Column<DatasetDto>> rowColumns() {
        return List.of(
                Column.of("ID", DatasetDto::getId),
                Column.of("PROVIDER", DatasetDto::getProviderId),
                Column.of("OPENNESS", DatasetDto::getOpenness),
                Column.of("GRADE", DatasetDto::getGrade),
                Column.of("PERSON-LEVEL", d -> Boolean.TRUE.equals(d.getPersonLevel()) ? "yes" : "no"),
                Column.of("TITLE", DatasetDto::getTitle));
    }

    static List<Column<DatasetDto>> itemFields() {
        return List.of(
                Column.of("ID", DatasetDto::getId),
                Column.of("TITLE", DatasetDto::getTitle),
                Column.of("PROVIDER", DatasetDto::getProviderId),
                Column.of("OPENNESS", DatasetDto::getOpenness),
                Column.of("CATEGORY", DatasetDto::getCategory),
                Column.of("QUALITY", DatasetDto::getQualityStatus),
                Column.of("GRADE", DatasetDto::getGrade),
                Column.of("PERSON-LEVEL", d -> Boolean.TRUE.equals(d.getPersonLevel()) ? "yes" : "no"),
                Column.of("SUBJECT COLUMN", DatasetDto::getSubjectColumn),
                Column.of("ROWS", DatasetDto::getRowCount),
                Column.of("DESCRIPTION", DatasetDto::getDescription),
                Column.of("CREATED", d -> d.getCreatedAt() == null ? null : d.getCreatedAt() + " by " + d.getCreatedBy()));
    }

    /** A dataset as fields, then (table output) its columns as a table. */
    static void print(Cli cli, DatasetDto dataset) {
        cli.output().item(dataset, itemFields());
        if (cli.output().format() == org.shuyu.cli.support.Output.Format.TABLE) {
            List<JsonNode> columns = DataSupport.elements(DataSupport.tree(dataset.getColumns()));
            if (!columns.isEmpty()) {
                cli.output().line("");
                cli.output().list(columns, List.of(
                        Column.of("COLUMN", c -> DataSupport.text(c, "name")),
                        Column.of("TYPE", c -> DataSupport.text(c, "type")),
                        Column.of("CLASSIFICATION", c -> DataSupport.text(c, "classification")),
                        Column.of("GRADE", c -> DataSupport.text(c, "grade")),
                        Column.of("DESCRIPTION", c -> DataSupport.text(c, "description"))));
            }
        }
    }

    @Command(name = "list", aliases = "ls", description = "List the catalog's datasets.")
    static final class ListDatasets implements Callable<Integer> {
        private final Cli cli;
        @Mixin
        PageOptions paging;

        ListDatasets(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            CatalogApi api = cli.api(CatalogApi::new);
            List<DatasetDto> datasets = Pages.list(cli, paging, api::listDatasetsWithHttpInfo);
            cli.output().list(datasets, rowColumns());
            return 0;
        }
    }

    @Command(name = "show", aliases = "get", description = "Show a dataset with its columns, classification and grades.")
    static final class ShowDataset implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset id (namespace.table).")
        String id;

        ShowDataset(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            print(cli, cli.api(CatalogApi::new).getDataset(id));
            return 0;
        }
    }

    @Command(name = "register", description = "Register a dataset from a YAML/JSON file (provider or authority).")
    static final class RegisterDataset implements Callable<Integer> {
        private final Cli cli;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
                description = "The dataset (DatasetRequest: id, providerId, title, openness, category, columns, ...);"
                        + " '-' reads standard input.")
        String file;
        @Mixin
        QuietOption quiet;

        RegisterDataset(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            DatasetRequest request = Inputs.read(file, DatasetRequest.class);
            DatasetDto created = cli.api(CatalogApi::new).registerDataset(request, DataSupport.idempotencyKey());
            if (quiet.quiet()) {
                cli.output().line(created.getId());
                return 0;
            }
            print(cli, created);
            cli.output().note("dataset " + created.getId() + " registered (grade " + created.getGrade() + ")");
            return 0;
        }
    }
}

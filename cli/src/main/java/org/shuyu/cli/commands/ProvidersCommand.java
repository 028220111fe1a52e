package org.shuyu.cli.commands;

import java.util.List;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.Inputs;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.PageOptions;
import org.shuyu.cli.support.Pages;
import org.shuyu.cli.support.QuietOption;
import org.shuyu.client.api.CatalogApi;
import org.shuyu.client.model.ProviderDto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shuyu providers}: the data providers datasets belong to (the authority registers them in its jurisdiction). */
@Command(name = "providers", description = "Data providers: list and register.",
        subcommands = {ProvidersCommand.ListProviders.class, ProvidersCommand.RegisterProvider.class})
public final class ProvidersCommand extends DataSupport.Group {

    static List<Column<ProviderDto>> columns() {
        return List.of(
                Column.of("ID", ProviderDto::getId),
                Column.of("NAME", ProviderDto::getName),
                Column.of("JURISDICTION", ProviderDto::getJurisdiction),
                Column.of("DESCRIPTION", ProviderDto::getDescription));
    }

    @Command(name = "list", aliases = "ls", description = "List the data providers.")
    static final class ListProviders implements Callable<Integer> {
        private final Cli cli;
        @Mixin
        PageOptions paging;

        ListProviders(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            CatalogApi api = cli.api(CatalogApi::new);
            cli.output().list(Pages.list(cli, paging, api::listProvidersWithHttpInfo), columns());
            return 0;
        }
    }

    @Command(name = "register", description = "Register a data provider from a YAML/JSON file (the authority).")
    static final class RegisterProvider implements Callable<Integer> {
        private final Cli cli;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
                description = "The provider (id, name, jurisdiction, description); '-' reads standard input.")
        String file;
        @Mixin
        QuietOption quiet;

        RegisterProvider(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            ProviderDto request = Inputs.read(file, ProviderDto.class);
            ProviderDto created = cli.api(CatalogApi::new).registerProvider(request, DataSupport.idempotencyKey());
            if (quiet.quiet()) {
                cli.output().line(created.getId());
                return 0;
            }
            cli.output().item(created, columns());
            cli.output().note("provider " + created.getId() + " registered");
            return 0;
        }
    }
}

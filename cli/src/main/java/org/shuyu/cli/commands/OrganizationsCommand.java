package org.shuyu.cli.commands;

import java.util.List;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.Headers;
import org.shuyu.cli.support.Inputs;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.PageOptions;
import org.shuyu.cli.support.Pages;
import org.shuyu.cli.support.QuietOption;
import org.shuyu.client.api.OrganizationsApi;
import org.shuyu.client.model.AccountablePersonDto;
import org.shuyu.client.model.OrganizationDto;
import org.shuyu.client.model.OrganizationRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shuyu organizations}: the legal entities that operate on the platform (an applicant registers its
 * organization before it can request a lab or a grant).
 */
@Command(name = "organizations", aliases = "orgs", description = "Organizations: list, show, register.",
        subcommands = {OrganizationsCommand.ListOrganizations.class, OrganizationsCommand.Show.class,
                OrganizationsCommand.Register.class})
public final class OrganizationsCommand {
    private OrganizationsCommand() {}

    static List<Column<OrganizationDto>> columns() {
        return List.of(
                Column.of("ID", OrganizationDto::getId),
                Column.of("NAME", OrganizationDto::getName),
                Column.of("USCC", OrganizationDto::getUscc),
                Column.of("JURISDICTION", OrganizationDto::getJurisdiction),
                Column.of("ACCOUNTABLE", o -> person(o.getAccountablePerson())));
    }

    static List<Column<OrganizationDto>> fields() {
        return List.of(
                Column.of("ID", OrganizationDto::getId),
                Column.of("NAME", OrganizationDto::getName),
                Column.of("USCC", OrganizationDto::getUscc),
                Column.of("JURISDICTION", OrganizationDto::getJurisdiction),
                Column.of("ESTABLISHED", OrganizationDto::getEstablishedOn),
                Column.of("ACCOUNTABLE", o -> person(o.getAccountablePerson())),
                Column.of("CREATED", OrganizationDto::getCreatedAt),
                Column.of("CREATED BY", OrganizationDto::getCreatedBy));
    }

    private static String person(AccountablePersonDto person) {
        if (person == null) {
            return "";
        }
        return person.getName() + (person.getUserId() == null ? "" : " (" + person.getUserId() + ")");
    }

    /** {@code shuyu organizations list}. */
    @Command(name = "list", aliases = "ls", description = "List the organizations you can see.")
    static final class ListOrganizations implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        PageOptions paging;

        ListOrganizations(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            OrganizationsApi api = cli.api(OrganizationsApi::new);
            cli.output().list(Pages.list(cli, paging, api::listOrganizationsWithHttpInfo), columns());
            return 0;
        }
    }

    /** {@code shuyu organizations show ID}. */
    @Command(name = "show", aliases = "get", description = "Show one organization.")
    static final class Show implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ID", description = "Organization id.")
        String id;

        Show(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            cli.output().item(cli.api(OrganizationsApi::new).getOrganization(id), fields());
            return 0;
        }
    }

    /** {@code shuyu organizations register -f org.yaml}. */
    @Command(name = "register", aliases = "create", description = {
            "Register an organization from a YAML/JSON file. Example file:",
            "  name: Haixin Data Co.", "  uscc: \"913302005684129739\"", "  jurisdiction: \"330200\"",
            "  establishedOn: 2016-05-01", "  accountablePerson: {userId: applicant, name: Li Qiang}"})
    static final class Register implements Callable<Integer> {
        private final Cli cli;

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
                description = "The organization (YAML or JSON; '-' for standard input).")
        String file;

        @Mixin
        QuietOption quiet;

        Register(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            OrganizationRequest request = Inputs.read(file, OrganizationRequest.class);
            OrganizationsApi api = cli.api(OrganizationsApi::new);
            OrganizationDto created = api.registerOrganization(request, Headers.idempotencyKey());
            cli.output().created(created, created.getId(), quiet.quiet(), fields());
            if (!quiet.quiet()) {
                cli.output().note("organization " + created.getId() + " registered");
            }
            return 0;
        }
    }
}

package org.shuyu.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.Inputs;
import org.shuyu.cli.support.Output;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.PageOptions;
import org.shuyu.cli.support.Pages;
import org.shuyu.client.api.PersonnelApi;
import org.shuyu.client.model.ItemDto;
import org.shuyu.client.model.PersonBody;
import org.shuyu.client.model.PersonDto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shuyu personnel}: an organization's people and their vetting (training, real-name authentication, filing,
 * confidentiality agreement). Only vetted people can be grant members.
 */
@Command(name = "personnel", aliases = "people", description = "Personnel vetting: list, show, vet.",
        subcommands = {PersonnelCommand.ListPersonnel.class, PersonnelCommand.Show.class, PersonnelCommand.Vet.class})
public final class PersonnelCommand {
    private PersonnelCommand() {}

    static List<Column<PersonDto>> columns() {
        return List.of(
                Column.of("USER", PersonDto::getUserId),
                Column.of("NAME", PersonDto::getName),
                Column.of("VETTED", PersonDto::getVetted),
                Column.of("MISSING", PersonDto::getMissing),
                Column.of("UPDATED", PersonDto::getUpdatedAt));
    }

    /** One person: the fixed fields, then one line per vetting item ({@code ITEM PRE_JOB_TRAINING  2026-01-02 ...}). */
    static void show(Cli cli, PersonDto person) {
        List<Column<PersonDto>> fields = new ArrayList<>(List.of(
                Column.of("USER", PersonDto::getUserId),
                Column.of("NAME", PersonDto::getName),
                Column.of("ORGANIZATION", PersonDto::getOrganizationId),
                Column.of("VETTED", PersonDto::getVetted),
                Column.of("MISSING", PersonDto::getMissing)));
        Map<String, ItemDto> items = new TreeMap<>(person.getItems() == null ? Map.of() : person.getItems());
        items.forEach((kind, item) -> fields.add(Column.of(kind, p -> item.getCompletedOn()
                + (item.getEvidence() == null ? "" : "  " + item.getEvidence()))));
        fields.add(Column.of("UPDATED", PersonDto::getUpdatedAt));
        fields.add(Column.of("UPDATED BY", PersonDto::getUpdatedBy));
        cli.output().item(person, fields);
    }

    /** {@code shuyu personnel list ORG}. */
    @Command(name = "list", aliases = "ls", description = "List an organization's personnel and who is vetted.")
    static final class ListPersonnel implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ORG", description = "Organization id.")
        String org;

        @Mixin
        PageOptions paging;

        ListPersonnel(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            PersonnelApi api = cli.api(PersonnelApi::new);
            cli.output().list(Pages.list(cli, paging, (limit, token) -> api.listPersonnelWithHttpInfo(org, limit, token)),
                    columns());
            return 0;
        }
    }

    /** {@code shuyu personnel show ORG USER}. */
    @Command(name = "show", aliases = "get", description = "Show one person's vetting items.")
    static final class Show implements Callable<Integer> {
        private final Cli cli;

        @Parameters(index = "0", paramLabel = "ORG", description = "Organization id.")
        String org;

        @Parameters(index = "1", paramLabel = "USER", description = "User id.")
        String user;

        Show(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            show(cli, cli.api(PersonnelApi::new).getPerson(org, user));
            return 0;
        }
    }

    /** {@code shuyu personnel vet ORG USER -f vetting.yaml}. */
    @Command(name = "vet", description = {
            "Record a person's vetting (replaces the items given) from a YAML/JSON file.", "Example file:",
            "  name: Zhang Wei", "  items:",
            "    PRE_JOB_TRAINING: {completedOn: 2026-01-05, evidence: training certificate T-1}",
            "    REAL_NAME_AUTHENTICATION: {completedOn: 2026-01-05, evidence: ID check}",
            "    FILING_AND_VETTING: {completedOn: 2026-01-05, evidence: filing F-1}",
            "    CONFIDENTIALITY_AGREEMENT: {completedOn: 2026-01-05, evidence: signed NDA}"})
    static final class Vet implements Callable<Integer> {
        private final Cli cli;

        @Parameters(index = "0", paramLabel = "ORG", description = "Organization id.")
        String org;

        @Parameters(index = "1", paramLabel = "USER", description = "User id.")
        String user;

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
                description = "The vetting record (YAML or JSON; '-' for standard input).")
        String file;

        Vet(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            PersonBody body = Inputs.read(file, PersonBody.class);
            PersonDto person = cli.api(PersonnelApi::new).putPersonVetting(org, user, body);
            if (cli.output().format() == Output.Format.TABLE) {
                show(cli, person);
            } else {
                cli.output().structured(person);
            }
            cli.output().note(user + " in " + org + ": " + (Boolean.TRUE.equals(person.getVetted()) ? "vetted"
                    : "not vetted yet, missing " + person.getMissing()));
            return 0;
        }
    }
}

package org.shuyu.cli.commands;

import java.util.List;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.IdempotencyOption;
import org.shuyu.cli.support.Inputs;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.PageOptions;
import org.shuyu.cli.support.Pages;
import org.shuyu.cli.support.QuietOption;
import org.shuyu.client.api.AnnouncementsApi;
import org.shuyu.client.model.AnnouncementDto;
import org.shuyu.client.model.AnnouncementRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shuyu announcements}: the calls for applications the data authority publishes, with their conditions and
 * priority domains; anyone may read them, applications may name the one they answer.
 */
@Command(name = "announcements", description = "Calls for applications (R-11): list (everyone), publish (data authority).",
        subcommands = {AnnouncementsCommand.ListAnnouncements.class, AnnouncementsCommand.Publish.class})
public final class AnnouncementsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Lifecycle.missingSubcommand(spec);
    }

    static final List<Column<AnnouncementDto>> COLUMNS = List.of(
            Column.of("ID", AnnouncementDto::getId),
            Column.of("TITLE", AnnouncementDto::getTitle),
            Column.of("JURISDICTION", AnnouncementDto::getJurisdiction),
            Column.of("OPENS", AnnouncementDto::getOpensOn),
            Column.of("CLOSES", AnnouncementDto::getClosesOn),
            Column.of("PRIORITY DOMAINS", AnnouncementDto::getPriorityDomains));

    static final List<Column<AnnouncementDto>> FIELDS = List.of(
            Column.of("ID", AnnouncementDto::getId),
            Column.of("TITLE", AnnouncementDto::getTitle),
            Column.of("JURISDICTION", AnnouncementDto::getJurisdiction),
            Column.of("OPENS", AnnouncementDto::getOpensOn),
            Column.of("CLOSES", AnnouncementDto::getClosesOn),
            Column.of("PRIORITY DOMAINS", AnnouncementDto::getPriorityDomains),
            Column.of("CONDITIONS", AnnouncementDto::getConditions),
            Column.of("BODY", AnnouncementDto::getBody),
            Column.of("PUBLISHED", a -> a.getPublishedBy() + " " + a.getPublishedAt()));

    @Command(name = "list", description = "List the published calls for applications (R-11; everyone).")
    static final class ListAnnouncements implements Callable<Integer> {
        private final Cli cli;
        @Mixin
        PageOptions paging;

        ListAnnouncements(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            AnnouncementsApi api = cli.api(AnnouncementsApi::new);
            cli.output().list(Pages.list(cli, paging, api::listAnnouncementsWithHttpInfo), COLUMNS);
            return 0;
        }
    }

    @Command(name = "publish", description = "Publish a call for applications (R-11; data authority): -f "
            + "announcement.yaml with title, body, conditions, priorityDomains, opensOn, closesOn, jurisdiction.")
    static final class Publish implements Callable<Integer> {
        private final Cli cli;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The announcement (YAML/JSON; - for stdin).")
        String file;
        @Mixin
        QuietOption quiet;
        @Mixin
        IdempotencyOption idempotency;

        Publish(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            AnnouncementRequest body = Inputs.read(file, AnnouncementRequest.class);
            AnnouncementDto published = cli.api(AnnouncementsApi::new).publishAnnouncement(body, idempotency.key());
            cli.output().created(published, published.getId(), quiet.quiet(), FIELDS);
            return 0;
        }
    }
}

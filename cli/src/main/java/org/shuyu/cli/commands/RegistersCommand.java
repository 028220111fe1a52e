package org.shuyu.cli.commands;

import java.util.List;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.PageOptions;
import org.shuyu.cli.support.Pages;
import org.shuyu.client.api.GrantsApi;
import org.shuyu.client.model.Deletion;
import org.shuyu.client.model.Filing;
import org.shuyu.client.model.Publication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The public records a grant's life cycle leaves: {@code shuyu publications} (grants published to the public, R-15),
 * {@code shuyu filings} (grants filed with the provincial government, R-15) and {@code shuyu deletions} (retained data
 * deleted when a grant or lab ends, R-17a). Three top-level list commands, grouped here because they share the
 * {@code grants} API.
 */
public final class RegistersCommand {
    private RegistersCommand() {}

    @Command(name = "publications", description = "List the grants published to the public (R-15; everyone).")
    public static final class Publications implements Callable<Integer> {
        private final Cli cli;
        @Mixin
        PageOptions paging;

        Publications(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            GrantsApi api = cli.api(GrantsApi::new);
            cli.output().list(Pages.list(cli, paging, api::listPublicationsWithHttpInfo), List.of(
                    Column.of("GRANT", Publication::getGrantId),
                    Column.of("OPERATOR", Publication::getOperatorName),
                    Column.of("SCENARIO", Publication::getScenario),
                    Column.of("DOMAIN", Publication::getPriorityDomain),
                    Column.of("STATUS", Publication::getStatus),
                    Column.of("TERM", p -> Lifecycle.term(p.getTermStart(), p.getTermEnd())),
                    Column.of("PUBLISHED", Publication::getPublishedAt)));
            return 0;
        }
    }

    @Command(name = "filings", description = "List the grants filed with the provincial government (R-15; data "
            + "authority, supervisors, coordination body, leading group).")
    public static final class Filings implements Callable<Integer> {
        private final Cli cli;
        @Mixin
        PageOptions paging;

        Filings(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            GrantsApi api = cli.api(GrantsApi::new);
            cli.output().list(Pages.list(cli, paging, api::listFilingsWithHttpInfo), List.of(
                    Column.of("FILING", Filing::getFilingNumber),
                    Column.of("GRANT", Filing::getGrantId),
                    Column.of("FILED", Filing::getFiledAt),
                    Column.of("SHA256", Filing::getSha256)));
            return 0;
        }
    }

    @Command(name = "deletions", description = "List the deletions of retained data after a grant or lab ended "
            + "(R-17a; data authority, security supervisors).")
    public static final class Deletions implements Callable<Integer> {
        private final Cli cli;
        @Mixin
        PageOptions paging;

        Deletions(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            GrantsApi api = cli.api(GrantsApi::new);
            cli.output().list(Pages.list(cli, paging, api::listDeletionsWithHttpInfo), List.of(
                    Column.of("ID", Deletion::getId),
                    Column.of("GRANT", Deletion::getGrantId),
                    Column.of("REASON", Deletion::getReason),
                    Column.of("STATE", Deletion::getState),
                    Column.of("DUE", Deletion::getDueAt),
                    Column.of("DONE", Deletion::getCompletedAt),
                    Column.of("FILES", Deletion::getDeletedFiles),
                    Column.of("LOGS KEPT UNTIL", Deletion::getLogsKeptUntil)));
            return 0;
        }
    }
}

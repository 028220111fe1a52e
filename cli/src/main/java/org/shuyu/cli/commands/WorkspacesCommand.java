package org.shuyu.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.Json;
import org.shuyu.cli.support.Output;
import org.shuyu.cli.support.RawJson;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.client.api.WorkspacesApi;
import org.shuyu.client.model.WorkspaceDto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shuyu workspaces}: the workspaces you may see (a grant's or a lab's), one workspace with its datasets,
 * members and metered use, its effective policies (supervisors) and its quarantined tables.
 */
@Command(name = "workspaces", aliases = "ws", description = "Workspaces: list, show, policies, quarantine.",
        subcommands = {WorkspacesCommand.ListWorkspaces.class, WorkspacesCommand.Show.class,
                WorkspacesCommand.Policies.class, WorkspacesCommand.Quarantine.class})
public final class WorkspacesCommand {
    static final List<Column<WorkspaceDto>> FIELDS = List.of(
            Column.of("ID", WorkspaceDto::getId),
            Column.of("KIND", WorkspaceDto::getKind),
            Column.of("STATE", WorkspaceDto::getState),
            Column.of("SUBJECT", WorkspaceDto::getSubjectState),
            Column.of("ACCESS", WorkspaceDto::getAccess),
            Column.of("ORGANIZATION", WorkspaceDto::getOrganizationId),
            Column.of("DATABASE", WorkspaceDto::getDatabase),
            Column.of("DATASETS", WorkspaceDto::getDatasets),
            Column.of("MEMBERS", WorkspaceDto::getMembers),
            Column.of("CREATED", WorkspaceDto::getCreatedAt),
            Column.of("PROVISIONED", WorkspaceDto::getProvisionedAt),
            Column.of("CLOSED", WorkspaceDto::getClosedAt),
            Column.of("JOBS", w -> w.getUsage() == null ? null : w.getUsage().getJobs()),
            Column.of("CPU_SECONDS", w -> w.getUsage() == null ? null : w.getUsage().getCpuSeconds()),
            Column.of("STORAGE_BYTES", w -> w.getUsage() == null ? null : w.getUsage().getStorageBytes()));

    @Command(name = "list", aliases = "ls", description = "List the workspaces you may see.")
    static final class ListWorkspaces implements Callable<Integer> {
        private final Cli cli;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N (default 100).")
        int limit;

        ListWorkspaces(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            List<WorkspaceDto> workspaces = cli.api(WorkspacesApi::new).listWorkspaces(limit, null);
            cli.output().list(workspaces, List.of(
                    Column.of("ID", WorkspaceDto::getId),
                    Column.of("KIND", WorkspaceDto::getKind),
                    Column.of("STATE", WorkspaceDto::getState),
                    Column.of("ACCESS", WorkspaceDto::getAccess),
                    Column.of("ORGANIZATION", WorkspaceDto::getOrganizationId),
                    Column.of("DATASETS", WorkspaceDto::getDatasets)));
            return 0;
        }
    }

    @Command(name = "show", description = "Show one workspace: datasets, members, database, metered use.")
    static final class Show implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "WS", description = "Workspace id.")
        String id;

        Show(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            cli.output().item(cli.api(WorkspacesApi::new).getWorkspace(id), FIELDS);
            return 0;
        }
    }

    @Command(name = "policies", description = "Show the workspace's effective access policies (supervisors).")
    static final class Policies implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "WS", description = "Workspace id.")
        String id;

        Policies(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            // No natural table: the policy document as JSON/YAML (JSON in table mode too).
            // The spec still types this answer as a string, so it is read as JSON directly (RawJson).
            cli.output().structured(RawJson.get(cli.client(), "/api/v1/workspaces/" + RawJson.segment(id) + "/policies"));
            return 0;
        }
    }

    @Command(name = "quarantine", description = "List the workspace's quarantined tables (lineage incomplete).")
    static final class Quarantine implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "WS", description = "Workspace id.")
        String id;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N (default 100).")
        int limit;

        Quarantine(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            JsonNode entries = Json.tree(cli.api(WorkspacesApi::new).listQuarantine(id, limit, null));
            if (cli.output().format() != Output.Format.TABLE) {
                cli.output().structured(entries);
                return 0;
            }
            List<JsonNode> rows = new ArrayList<>();
            entries.forEach(rows::add);
            cli.output().list(rows, List.of(
                    Column.of("DATASET", e -> e.path("dataset").asText("")),
                    Column.of("JOB", e -> e.path("jobId").asText("")),
                    Column.of("SINCE", e -> e.path("since").asText("")),
                    Column.of("REASON", e -> e.path("reason").asText(""))));
            return 0;
        }
    }
}

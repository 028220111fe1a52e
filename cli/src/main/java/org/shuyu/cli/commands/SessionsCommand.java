package org.shuyu.cli.commands;

import java.util.List;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.WorkspaceOption;
import org.shuyu.client.api.SessionsApi;
import org.shuyu.client.model.HistoryDto;
import org.shuyu.client.model.SessionDto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shuyu sessions}: interactive sessions in a workspace's warm engine (members see their own, supervisors all).
 * {@code shuyu sql} opens and closes them for you; this is for looking at them and closing leftovers.
 */
@Command(name = "sessions", description = "Interactive sessions: list, show (with statement history), close.",
        subcommands = {SessionsCommand.ListSessions.class, SessionsCommand.Show.class, SessionsCommand.Close.class})
public final class SessionsCommand {
    static final List<Column<SessionDto>> FIELDS = List.of(
            Column.of("ID", SessionDto::getId),
            Column.of("WORKSPACE", SessionDto::getWorkspaceId),
            Column.of("USER", SessionDto::getUser),
            Column.of("STATE", SessionDto::getState),
            Column.of("QUEUE_POSITION", SessionDto::getQueuePosition),
            Column.of("VIA", SessionDto::getVia),
            Column.of("OPENED", SessionDto::getOpenedAt),
            Column.of("LAST_ACTIVITY", SessionDto::getLastActivityAt),
            Column.of("CLOSED", SessionDto::getClosedAt),
            Column.of("CLOSE_REASON", SessionDto::getCloseReason));

    @Command(name = "list", aliases = "ls", description = "List a workspace's sessions, newest first.")
    static final class ListSessions implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        WorkspaceOption workspace;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N (default 100).")
        int limit;

        ListSessions(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            cli.output().list(cli.api(SessionsApi::new).listSessions(workspace.id(cli), limit, null), List.of(
                    Column.of("ID", SessionDto::getId),
                    Column.of("USER", SessionDto::getUser),
                    Column.of("STATE", SessionDto::getState),
                    Column.of("VIA", SessionDto::getVia),
                    Column.of("OPENED", SessionDto::getOpenedAt),
                    Column.of("CLOSE_REASON", SessionDto::getCloseReason)));
            return 0;
        }
    }

    @Command(name = "show", description = "Show a session and, in table output, its statement history.")
    static final class Show implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        WorkspaceOption workspace;

        @Parameters(paramLabel = "SID", description = "Session id.")
        String sid;

        @Option(names = "--history", negatable = true, defaultValue = "true",
                description = "Also list the session's statements (default: yes; table output only).")
        boolean history;

        Show(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            String ws = workspace.id(cli);
            SessionsApi api = cli.api(SessionsApi::new);
            cli.output().item(api.getSession(ws, sid), FIELDS);
            if (history && cli.output().format() == org.shuyu.cli.support.Output.Format.TABLE) {
                cli.output().line("");
                cli.output().list(api.listStatements(ws, sid, 100, null), List.of(
                        Column.of("STATEMENT", HistoryDto::getId),
                        Column.of("STATE", HistoryDto::getState),
                        Column.of("CODE", HistoryDto::getCode),
                        Column.of("SUBMITTED", HistoryDto::getSubmittedAt),
                        Column.of("SQL", h -> abbreviate(h.getSql()))));
            }
            return 0;
        }

        private static String abbreviate(String sql) {
            String text = sql == null ? "" : sql.replaceAll("\\s+", " ").strip();
            return text.length() > 60 ? text.substring(0, 57) + "..." : text;
        }
    }

    @Command(name = "close", description = "Close a session (its running statements are cancelled).")
    static final class Close implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        WorkspaceOption workspace;

        @Parameters(paramLabel = "SID", description = "Session id.")
        String sid;

        Close(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            SessionDto session = cli.api(SessionsApi::new).closeSession(workspace.id(cli), sid);
            cli.output().item(session, FIELDS);
            cli.output().note("session " + sid + " " + String.valueOf(session.getState()).toLowerCase());
            return 0;
        }
    }
}

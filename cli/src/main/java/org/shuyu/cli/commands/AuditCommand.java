package org.shuyu.cli.commands;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliException;
import org.shuyu.cli.support.ExitCode;
import org.shuyu.cli.support.Output;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.client.api.AuditApi;
import org.shuyu.client.model.AnomalyDto;
import org.shuyu.client.model.AuditPageDto;
import org.shuyu.client.model.AuditRecordDto;
import org.shuyu.client.model.VerificationDto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shuyu audit}: the hash-chained audit log (R-24d), for the authority and security supervisors. {@code search}
 * filters it and follows its pages ({@code nextAfter}); {@code verify} checks the whole chain and exits 1 when it
 * is broken, so a cron job can alert on it.
 */
@Command(name = "audit", description = "The audit log: search records, verify the hash chain.",
        subcommands = {AuditCommand.Search.class, AuditCommand.Verify.class})
public final class AuditCommand extends DataSupport.Group {

    @Command(name = "search", description = "Audit records in order, filtered by actor, subject and time.")
    static final class Search implements Callable<Integer> {
        private final Cli cli;
        @Option(names = "--actor", paramLabel = "USER", description = "Exactly this actor (user id, or 'anonymous').")
        String actor;
        @Option(names = "--subject", paramLabel = "ID", description = "Exactly this subject id (a request path for refusals).")
        String subject;
        @Option(names = "--from", paramLabel = "TIME", description = "From this time, inclusive (ISO-8601 with offset).")
        String from;
        @Option(names = "--to", paramLabel = "TIME", description = "Up to this time, exclusive (ISO-8601 with offset).")
        String to;
        @Option(names = "--after", paramLabel = "SEQ", description = "Only records after this sequence number.")
        Long after;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "Show at most N records (default: ${DEFAULT-VALUE}).")
        int limit;
        @Option(names = "--all", description = "Show every matching record, following all pages (ignores --limit).")
        boolean all;
        @Option(names = "--page-size", paramLabel = "N", defaultValue = "1000",
                description = "Records per request, 1..1000 (default: ${DEFAULT-VALUE}).")
        int pageSize;

        Search(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            if (limit < 1) {
                throw CliException.usage("INVALID_LIMIT", "--limit must be at least 1 (got " + limit + ")");
            }
            if (pageSize < 1 || pageSize > 1000) {
                throw CliException.usage("INVALID_LIMIT", "--page-size must be 1..1000 (got " + pageSize + ")");
            }
            AuditApi api = cli.api(AuditApi::new);
            long max = all ? Long.MAX_VALUE : limit;
            List<AuditRecordDto> records = new ArrayList<>();
            Set<Long> cursors = new HashSet<>();
            Long cursor = after;
            Long more = null;
            while (true) {
                int want = (int) Math.min(pageSize, max - records.size());
                AuditPageDto page = api.searchAudit(actor, subject, from, to, String.valueOf(want),
                        cursor == null ? null : String.valueOf(cursor));
                List<AuditRecordDto> got = page.getRecords() == null ? List.of() : page.getRecords();
                records.addAll(got);
                Long next = page.getNextAfter();
                if (next == null) {
                    more = null;
                    break;
                }
                if (records.size() >= max) {
                    more = next;
                    break;
                }
                if (got.isEmpty() || !cursors.add(next)) {
                    throw new CliException(ExitCode.ERROR, "PAGINATION_LOOP",
                            "the server repeated a page (after " + next + "); the list is incomplete");
                }
                cursor = next;
            }
            cli.output().list(records, List.of(
                    Column.of("TIME", AuditRecordDto::getAt),
                    Column.of("ACTOR", AuditRecordDto::getActor),
                    Column.of("ACTION", AuditRecordDto::getAction),
                    Column.of("SUBJECT", r -> r.getSubjectType() == null ? r.getSubjectId()
                            : r.getSubjectType() + " " + (r.getSubjectId() == null ? "" : r.getSubjectId())),
                    Column.of("OUTCOME", r -> r.getCode() == null ? r.getOutcome() : r.getOutcome() + " " + r.getCode())));
            if (more != null) {
                cli.output().note("(first " + records.size() + " shown; more with --after " + more + ", --limit N or --all)");
            }
            return 0;
        }
    }

    @Command(name = "verify", description = "Verify the audit log's hash chain and anchor; exit code 1 when it is broken.")
    static final class Verify implements Callable<Integer> {
        private final Cli cli;

        Verify(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            VerificationDto result = cli.api(AuditApi::new).verifyAudit();
            boolean intact = Boolean.TRUE.equals(result.getIntact());
            Output output = cli.output();
            if (output.format() != Output.Format.TABLE) {
                output.structured(result);
            } else {
                output.line((intact ? "audit chain intact: " : "AUDIT CHAIN BROKEN: ") + result.getRecords()
                        + " record(s) checked, " + result.getAnomalyCount() + " anomal"
                        + (Long.valueOf(1).equals(result.getAnomalyCount()) ? "y" : "ies"));
                List<AnomalyDto> anomalies = result.getAnomalies() == null ? List.of() : result.getAnomalies();
                if (!anomalies.isEmpty()) {
                    output.list(anomalies, List.of(
                            Column.of("SEQ", AnomalyDto::getSeq),
                            Column.of("KIND", AnomalyDto::getKind),
                            Column.of("DETAIL", AnomalyDto::getDetail)));
                }
            }
            if (!intact) {
                output.note("error: AUDIT_CHAIN_BROKEN: " + result.getAnomalyCount() + " anomal"
                        + (Long.valueOf(1).equals(result.getAnomalyCount()) ? "y" : "ies")
                        + " in the audit chain; see docs/audit.md");
                return ExitCode.ERROR;
            }
            return ExitCode.OK;
        }
    }
}

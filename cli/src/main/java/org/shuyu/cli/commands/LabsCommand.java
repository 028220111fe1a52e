package org.shuyu.cli.commands;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.IdempotencyOption;
import org.shuyu.cli.support.Inputs;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.PageOptions;
import org.shuyu.cli.support.Pages;
import org.shuyu.cli.support.QuietOption;
import org.shuyu.client.ApiResponse;
import org.shuyu.client.api.LabsApi;
import org.shuyu.client.model.ApproveBody;
import org.shuyu.client.model.CompleteLab;
import org.shuyu.client.model.LabDto;
import org.shuyu.client.model.RejectBody;
import org.shuyu.client.model.ReportDto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shuyu labs}: data labs. The applicant requests a free lab of at most six months naming datasets,
 * development approach and market plan; the data authority approves or rejects it and, at its end, completes it, which
 * issues the technical evaluation report that a formal application needs.
 */
@Command(name = "labs", description = "Data labs (R-12): request (applicant), approve/reject/complete (data authority), "
        + "the evaluation report.",
        subcommands = {LabsCommand.ListLabs.class, LabsCommand.Show.class, LabsCommand.Request.class,
                LabsCommand.Approve.class, LabsCommand.Reject.class, LabsCommand.Complete.class,
                LabsCommand.Report.class})
public final class LabsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Lifecycle.missingSubcommand(spec);
    }

    static final List<Column<LabDto>> COLUMNS = List.of(
            Column.of("ID", LabDto::getId),
            Column.of("ORGANIZATION", LabDto::getOrganizationId),
            Column.of("STATE", LabDto::getState),
            Column.of("TERM", l -> Lifecycle.term(l.getTermStart(), l.getTermEnd())),
            Column.of("MONTHS", LabDto::getRequestedMonths),
            Column.of("DATASETS", LabDto::getDatasetIds));

    static final List<Column<LabDto>> FIELDS = List.of(
            Column.of("ID", LabDto::getId),
            Column.of("ORGANIZATION", LabDto::getOrganizationId),
            Column.of("JURISDICTION", LabDto::getJurisdiction),
            Column.of("STATE", LabDto::getState),
            Column.of("DATASETS", LabDto::getDatasetIds),
            Column.of("MONTHS", LabDto::getRequestedMonths),
            Column.of("TERM", l -> Lifecycle.term(l.getTermStart(), l.getTermEnd())),
            Column.of("APPROACH", LabDto::getDevelopmentApproach),
            Column.of("MARKET PLAN", LabDto::getMarketPlan),
            Column.of("REQUESTED", l -> l.getRequestedBy() + " " + l.getRequestedAt()),
            Column.of("DECISION NOTE", LabDto::getDecisionNote),
            Column.of("REPORT", l -> l.getReport() == null ? null
                    : l.getReport().getConclusion() + " " + l.getReport().getId() + " sha256:" + l.getReport().getSha256()),
            Column.of("NEXT", LabDto::getAllowedEvents));

    static final List<Column<ReportDto>> REPORT_FIELDS = List.of(
            Column.of("ID", ReportDto::getId),
            Column.of("CONCLUSION", ReportDto::getConclusion),
            Column.of("SUMMARY", ReportDto::getSummary),
            Column.of("FINDINGS", ReportDto::getFindings),
            Column.of("ISSUED", r -> r.getIssuedBy() + " " + r.getIssuedAt()),
            Column.of("SHA256", ReportDto::getSha256));

    @Command(name = "list", description = "List the labs you may see (applicant: your organization's; data authority, "
            + "reviewers, supervisors: all in your jurisdiction).")
    static final class ListLabs implements Callable<Integer> {
        private final Cli cli;
        @Mixin
        PageOptions paging;

        ListLabs(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            LabsApi api = cli.api(LabsApi::new);
            cli.output().list(Pages.list(cli, paging, api::listLabsWithHttpInfo), COLUMNS);
            return 0;
        }
    }

    @Command(name = "show", description = "Show one lab: datasets, term, decision, evaluation report, next steps.")
    static final class Show implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Lab id.")
        String id;

        Show(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            cli.output().item(cli.api(LabsApi::new).getLab(id), FIELDS);
            return 0;
        }
    }

    @Command(name = "request", description = "Request a data lab (R-12; applicant): -f lab.yaml with organizationId, "
            + "datasetIds, developmentApproach, marketPlan, months (at most 6).")
    static final class Request implements Callable<Integer> {
        private final Cli cli;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The lab request (YAML/JSON; - for stdin).")
        String file;
        @Mixin
        QuietOption quiet;
        @Mixin
        IdempotencyOption idempotency;

        Request(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            var body = Inputs.read(file, org.shuyu.client.model.RequestLab.class);
            LabDto lab = cli.api(LabsApi::new).requestLab(body, idempotency.key());
            cli.output().created(lab, lab.getId(), quiet.quiet(), FIELDS);
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve a requested lab (R-12; data authority): its term starts today or "
            + "at --term-start.")
    static final class Approve implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Lab id.")
        String id;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The approval (note, termStart) as YAML/JSON.")
        String file;
        @Option(names = "--note", paramLabel = "TEXT", description = "Decision note.")
        String note;
        @Option(names = "--term-start", paramLabel = "DATE", description = "First day of the lab (YYYY-MM-DD).")
        LocalDate termStart;

        Approve(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            LabsApi api = cli.api(LabsApi::new);
            ApproveBody body = Lifecycle.body(file, ApproveBody.class, Lifecycle.any(note, termStart), true,
                    () -> new ApproveBody().note(note).termStart(termStart), "--note/--term-start");
            ApiResponse<LabDto> read = api.getLabWithHttpInfo(id);
            LabDto lab = api.approveLab(id, Lifecycle.etag(read), body);
            cli.output().item(lab, FIELDS);
            cli.output().note("lab " + id + " approved: " + lab.getState());
            return 0;
        }
    }

    @Command(name = "reject", description = "Reject a requested lab (R-12; data authority), with the reason.")
    static final class Reject implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Lab id.")
        String id;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why the lab is refused.")
        String reason;

        Reject(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            LabsApi api = cli.api(LabsApi::new);
            ApiResponse<LabDto> read = api.getLabWithHttpInfo(id);
            LabDto lab = api.rejectLab(id, new RejectBody().reason(reason), Lifecycle.etag(read));
            cli.output().item(lab, FIELDS);
            cli.output().note("lab " + id + " rejected");
            return 0;
        }
    }

    @Command(name = "complete", description = "Complete a lab and issue its technical evaluation report (R-12; data "
            + "authority): -f report.yaml (conclusion PASSED|PASSED_WITH_CONDITIONS|FAILED, summary, findings) or flags.")
    static final class Complete implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Lab id.")
        String id;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The evaluation (YAML/JSON).")
        String file;
        @Option(names = "--conclusion", paramLabel = "C", description = "${COMPLETION-CANDIDATES}.")
        CompleteLab.ConclusionEnum conclusion;
        @Option(names = "--summary", paramLabel = "TEXT", description = "What the lab showed.")
        String summary;
        @Option(names = "--findings", paramLabel = "TEXT", description = "Findings and conditions.")
        String findings;

        Complete(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            LabsApi api = cli.api(LabsApi::new);
            CompleteLab body = Lifecycle.body(file, CompleteLab.class, Lifecycle.any(conclusion, summary, findings),
                    conclusion != null && summary != null,
                    () -> new CompleteLab().conclusion(conclusion).summary(summary).findings(findings),
                    "--conclusion and --summary [--findings]");
            ApiResponse<LabDto> read = api.getLabWithHttpInfo(id);
            LabDto lab = api.completeLab(id, body, Lifecycle.etag(read));
            cli.output().item(lab, FIELDS);
            cli.output().note("lab " + id + " completed; evaluation report "
                    + (lab.getReport() == null ? "" : lab.getReport().getId()) + " issued");
            return 0;
        }
    }

    @Command(name = "report", description = "Show a completed lab's technical evaluation report (R-12, R-13).")
    static final class Report implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Lab id.")
        String id;

        Report(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            cli.output().item(cli.api(LabsApi::new).getLabReport(id), REPORT_FIELDS);
            return 0;
        }
    }
}

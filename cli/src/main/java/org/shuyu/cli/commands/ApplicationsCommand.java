package org.shuyu.cli.commands;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.IdempotencyOption;
import org.shuyu.cli.support.Inputs;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.PageOptions;
import org.shuyu.cli.support.Pages;
import org.shuyu.cli.support.QuietOption;
import org.shuyu.client.ApiResponse;
import org.shuyu.client.api.ApplicationsApi;
import org.shuyu.client.model.ApplicationDto;
import org.shuyu.client.model.Approve;
import org.shuyu.client.model.CreateApplication;
import org.shuyu.client.model.Deliberate;
import org.shuyu.client.model.MaterialDto;
import org.shuyu.client.model.ProvideMaterial;
import org.shuyu.client.model.ReasonBody;
import org.shuyu.client.model.RecordReview;
import org.shuyu.client.model.ReviewDto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shuyu applications}: formal applications for a grant. The applicant creates one after its lab, provides the
 * materials and submits; experts and sector authorities review the four points; the coordination body
 * deliberates and the leading group (or the county coordination body) approves; the data authority may
 * reject.
 */
@Command(name = "applications", description = "Formal applications (R-13, R-14, R-15, R-05): create, materials, submit "
        + "(applicant); review (expert, sector authority); deliberate (coordination body); approve (leading group).",
        subcommands = {ApplicationsCommand.ListApplications.class, ApplicationsCommand.Show.class,
                ApplicationsCommand.Create.class, ApplicationsCommand.Material.class, ApplicationsCommand.Submit.class,
                ApplicationsCommand.Withdraw.class, ApplicationsCommand.Review.class, ApplicationsCommand.Reject.class,
                ApplicationsCommand.Deliberation.class, ApplicationsCommand.Approval.class})
public final class ApplicationsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Lifecycle.missingSubcommand(spec);
    }

    /** The materials an applicant provides; the fifth, the lab's evaluation report, the platform attaches. */
    static final class MaterialKinds implements Iterable<String> {
        static final List<String> KINDS = List.of("application-form", "audit-and-financial-reports",
                "data-security-commitment", "security-risk-self-assessment");

        @Override
        public Iterator<String> iterator() {
            return KINDS.iterator();
        }
    }

    static final List<Column<ApplicationDto>> COLUMNS = List.of(
            Column.of("ID", ApplicationDto::getId),
            Column.of("ORGANIZATION", ApplicationDto::getOrganizationId),
            Column.of("SCENARIO", ApplicationDto::getScenario),
            Column.of("LEVEL", ApplicationDto::getLevel),
            Column.of("STATE", ApplicationDto::getState),
            Column.of("MISSING", ApplicationDto::getMissingMaterials));

    static final List<Column<ApplicationDto>> FIELDS = List.of(
            Column.of("ID", ApplicationDto::getId),
            Column.of("ORGANIZATION", ApplicationDto::getOrganizationId),
            Column.of("LAB", ApplicationDto::getLabId),
            Column.of("SCENARIO", ApplicationDto::getScenario),
            Column.of("PRIORITY DOMAIN", ApplicationDto::getPriorityDomain),
            Column.of("LEVEL", ApplicationDto::getLevel),
            Column.of("JURISDICTION", ApplicationDto::getJurisdiction),
            Column.of("STATE", ApplicationDto::getState),
            Column.of("DATASETS", ApplicationDto::getDatasetIds),
            Column.of("MATERIALS", a -> materials(a.getMaterials())),
            Column.of("MISSING", ApplicationDto::getMissingMaterials),
            Column.of("REVIEWS", a -> reviews(a.getReviews())),
            Column.of("DELIBERATION", a -> a.getDeliberation() == null ? null
                    : a.getDeliberation().getOutcome() + " on " + a.getDeliberation().getMeetingDate()),
            Column.of("APPROVAL", a -> a.getApproval() == null ? null
                    : a.getApproval().getDecisionNumber() + " on " + a.getApproval().getApprovedOn()
                            + " by " + a.getApproval().getApprovedBy()),
            Column.of("CLOSED", ApplicationDto::getClosedReason),
            Column.of("NEXT", ApplicationDto::getAllowedEvents));

    static List<String> materials(Map<String, MaterialDto> materials) {
        return materials == null ? List.of() : materials.keySet().stream().sorted().toList();
    }

    static List<String> reviews(List<ReviewDto> reviews) {
        List<String> shown = new ArrayList<>();
        if (reviews != null) {
            for (ReviewDto review : reviews) {
                shown.add(review.getKind() + ":" + review.getReviewer());
            }
        }
        return shown;
    }

    /** Reads the application (for its ETag) and applies one change to it with If-Match. */
    @FunctionalInterface
    interface Change {
        ApplicationDto apply(ApplicationsApi api, String ifMatch) throws Exception;
    }

    static ApplicationDto change(Cli cli, String id, String done, Change change) throws Exception {
        ApplicationsApi api = cli.api(ApplicationsApi::new);
        ApiResponse<ApplicationDto> read = api.getApplicationWithHttpInfo(id);
        ApplicationDto changed = change.apply(api, Lifecycle.etag(read));
        cli.output().item(changed, FIELDS);
        cli.output().note("application " + id + " " + done + ": " + changed.getState());
        return changed;
    }

    @Command(name = "list", description = "List applications (applicant: your organization's; reviewers, authority, "
            + "coordination body, leading group: those in your jurisdiction).")
    static final class ListApplications implements Callable<Integer> {
        private final Cli cli;
        @Mixin
        PageOptions paging;

        ListApplications(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            ApplicationsApi api = cli.api(ApplicationsApi::new);
            cli.output().list(Pages.list(cli, paging, api::listApplicationsWithHttpInfo), COLUMNS);
            return 0;
        }
    }

    @Command(name = "show", description = "Show one application: materials, missing ones, reviews, deliberation, "
            + "approval, next steps.")
    static final class Show implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Application id.")
        String id;

        Show(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            cli.output().item(cli.api(ApplicationsApi::new).getApplication(id), FIELDS);
            return 0;
        }
    }

    @Command(name = "create", description = "Create a formal application after a completed lab (R-13; applicant): "
            + "-f app.yaml with labId, scenario, priorityDomain, level (MUNICIPAL|COUNTY), optional announcementId.")
    static final class Create implements Callable<Integer> {
        private final Cli cli;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The application (YAML/JSON; - for stdin).")
        String file;
        @Mixin
        QuietOption quiet;
        @Mixin
        IdempotencyOption idempotency;

        Create(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            CreateApplication body = Inputs.read(file, CreateApplication.class);
            ApplicationDto app = cli.api(ApplicationsApi::new).createApplication(body, idempotency.key());
            cli.output().created(app, app.getId(), quiet.quiet(), FIELDS);
            return 0;
        }
    }

    @Command(name = "material", description = "Provide one material of an application (R-13; applicant): KIND is "
            + "application-form, audit-and-financial-reports, data-security-commitment or "
            + "security-risk-self-assessment; -f material.yaml (documentName, sha256, periodEnd for the audit reports) or flags.")
    static final class Material implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID", description = "Application id.")
        String id;
        @Parameters(index = "1", paramLabel = "KIND", completionCandidates = MaterialKinds.class,
                description = "Material kind: ${COMPLETION-CANDIDATES}.")
        String kind;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The material (YAML/JSON).")
        String file;
        @Option(names = "--document-name", paramLabel = "NAME", description = "File name of the document.")
        String documentName;
        @Option(names = "--sha256", paramLabel = "HEX", description = "SHA-256 of the document.")
        String sha256;
        @Option(names = "--period-end", paramLabel = "DATE", description = "Last day the audit and financial reports cover.")
        LocalDate periodEnd;

        Material(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            ProvideMaterial body = Lifecycle.body(file, ProvideMaterial.class,
                    Lifecycle.any(documentName, sha256, periodEnd), documentName != null && sha256 != null,
                    () -> new ProvideMaterial().documentName(documentName).sha256(sha256).periodEnd(periodEnd),
                    "--document-name and --sha256 [--period-end]");
            change(cli, id, "material " + kind + " provided",
                    (api, etag) -> api.putApplicationMaterial(id, kind, body, etag));
            return 0;
        }
    }

    @Command(name = "submit", description = "Submit a complete application for review (R-13; applicant); refused while "
            + "materials are missing.")
    static final class Submit implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Application id.")
        String id;

        Submit(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            change(cli, id, "submitted", (api, etag) -> api.submitApplication(id, etag));
            return 0;
        }
    }

    @Command(name = "withdraw", description = "Withdraw an application (applicant).")
    static final class Withdraw implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Application id.")
        String id;

        Withdraw(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            change(cli, id, "withdrawn", (api, etag) -> api.withdrawApplication(id, etag));
            return 0;
        }
    }

    @Command(name = "review", description = "Record your review (R-14; expert reviewer or sector authority): -f "
            + "review.yaml with opinions [{point, verdict, comment}] on APPLICANT, PRODUCT_FEASIBILITY_AND_COMPLIANCE, "
            + "DATA_SECURITY_AND_PERSONAL_INFORMATION, EMERGENCY_PLAN.")
    static final class Review implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Application id.")
        String id;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The review (YAML/JSON).")
        String file;
        @Mixin
        IdempotencyOption idempotency;

        Review(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            RecordReview body = Inputs.read(file, RecordReview.class);
            change(cli, id, "review recorded",
                    (api, etag) -> api.recordApplicationReview(id, body, etag, idempotency.key()));
            return 0;
        }
    }

    @Command(name = "reject", description = "Reject an application (data authority), with the reason.")
    static final class Reject implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Application id.")
        String id;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why it is rejected.")
        String reason;

        Reject(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            change(cli, id, "rejected", (api, etag) -> api.rejectApplication(id, new ReasonBody().reason(reason), etag));
            return 0;
        }
    }

    @Command(name = "deliberate", description = "Record the deliberation of the reviewed application (R-15, R-05; "
            + "coordination body): -f deliberation.yaml with meetingDate, attendees, minutes, outcome APPROVE|REJECT.")
    static final class Deliberation implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Application id.")
        String id;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The deliberation (YAML/JSON).")
        String file;

        Deliberation(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            Deliberate body = Inputs.read(file, Deliberate.class);
            change(cli, id, "deliberated", (api, etag) -> api.deliberateApplication(id, body, etag));
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve the deliberated application (R-05, R-15; leading group, or the "
            + "county coordination body): -f approval.yaml (decisionNumber, approvedOn, note) or flags.")
    static final class Approval implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Application id.")
        String id;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The approval (YAML/JSON).")
        String file;
        @Option(names = "--decision-number", paramLabel = "NUMBER", description = "Number of the approving decision.")
        String decisionNumber;
        @Option(names = "--approved-on", paramLabel = "DATE", description = "Date of the decision (YYYY-MM-DD).")
        LocalDate approvedOn;
        @Option(names = "--note", paramLabel = "TEXT", description = "Note.")
        String note;

        Approval(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            Approve body = Lifecycle.body(file, Approve.class, Lifecycle.any(decisionNumber, approvedOn, note),
                    decisionNumber != null && approvedOn != null,
                    () -> new Approve().decisionNumber(decisionNumber).approvedOn(approvedOn).note(note),
                    "--decision-number and --approved-on [--note]");
            change(cli, id, "approved", (api, etag) -> api.approveApplication(id, body, etag));
            return 0;
        }
    }
}

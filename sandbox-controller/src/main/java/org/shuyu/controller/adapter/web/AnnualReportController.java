package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.shuyu.controller.annual.AnnualEvaluation;
import org.shuyu.controller.annual.AnnualFigures;
import org.shuyu.controller.annual.AnnualReport;
import org.shuyu.controller.annual.AnnualReportReads;
import org.shuyu.controller.annual.AnnualReportService;
import org.shuyu.controller.annual.Reapplications;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.CurrentActor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Annual operation reports and evaluations (R-27, docs/annual-reports.md), and the earlier evaluations an application's
 * readers see with the re-application justification.
 */
@RestController
class AnnualReportController {
    private final AnnualReportService reports;
    private final AnnualReportReads reads;
    private final Reapplications reapplications;
    private final CurrentActor actor;

    AnnualReportController(AnnualReportService reports, AnnualReportReads reads, Reapplications reapplications,
            CurrentActor actor) {
        this.reports = reports;
        this.reads = reads;
        this.reapplications = reapplications;
        this.actor = actor;
    }

    record OpenRequest(String organizationId, Integer year) {}

    record SectionsRequest(String securityMeasures, String incidentsNarrative, String plans) {}

    record ReturnRequest(String comments) {}

    record EvaluationRequest(String grade, String comments, String documentName, String documentSha256,
            String evaluatedOn) {}

    record JustificationRequest(String justification) {}

    record FiguresDto(long productsListed, long deliveryCalls, long deliveredRows, long deliveredBytes, long suspensions,
            long refusedJobs, long jobRuns, double cpuSeconds, long grantsActive, List<String> grantIds,
            Instant computedAt, String sha256, boolean frozen) {}

    record EvaluationDto(String reportId, String organizationId, int year, String grade, String comments,
            String documentName, String documentSha256, LocalDate evaluatedOn, String evaluatedBy, Instant evaluatedAt) {}

    record ReportSummaryDto(String id, String organizationId, String jurisdiction, int year, String state, Instant due,
            boolean overdue, Instant submittedAt) {}

    record AnnualReportDto(String id, String organizationId, String jurisdiction, int year, String state,
            String securityMeasures, String incidentsNarrative, String plans, List<String> missingSections, Instant due,
            boolean overdue, Instant overdueAt, FiguresDto figures, Instant submittedAt,
            String submittedBy, String returnComments, Instant returnedAt, EvaluationDto evaluation, Instant createdAt, String createdBy, Instant updatedAt) {}

    record JustificationDto(String text, String recordedBy, Instant recordedAt) {}

    record EarlierEvaluationsDto(String applicationId, String organizationId, List<EvaluationDto> evaluations,
            boolean justificationRequired, JustificationDto justification) {}

    @Operation(operationId = "listAnnualReports", tags = "annual-reports", summary = "List the annual reports the caller may read")
    @GetMapping("/api/v1/annual-reports")
    List<ReportSummaryDto> list() {
        return reads.list(actor.get()).stream().map(r -> new ReportSummaryDto(r.id(), r.organizationId(),
                r.jurisdiction().code(), r.year(), r.state().name(), r.due(), r.overdueAt().isPresent(), r.submittedAt().orElse(null)))
                .toList();
    }

    @Operation(operationId = "openAnnualReport", tags = "annual-reports",
            summary = "Open the organization's annual operation report for a year (its accountable person)")
    @Created("/api/v1/annual-reports/{body.id}")
    @PostMapping("/api/v1/annual-reports")
    @ResponseStatus(HttpStatus.CREATED)
    AnnualReportDto open(@RequestBody OpenRequest request) {
        AnnualReport report = reports.open(actor.get(), request.organizationId(), request.year());
        return dto(reads.view(actor.get(), report.id()));
    }

    @Operation(operationId = "getAnnualReport", tags = "annual-reports",
            summary = "Read an annual report with its figures (frozen once submitted, a live preview before)")
    @GetMapping("/api/v1/annual-reports/{id}")
    AnnualReportDto get(@PathVariable String id) {
        return dto(reads.view(actor.get(), id));
    }

    @Operation(operationId = "editAnnualReport", tags = "annual-reports",
            summary = "Write the hand-written sections of a draft or returned annual report")
    @PutMapping("/api/v1/annual-reports/{id}")
    AnnualReportDto edit(@PathVariable String id, @RequestBody SectionsRequest request) {
        reports.edit(actor.get(), id, request.securityMeasures(), request.incidentsNarrative(), request.plans());
        return dto(reads.view(actor.get(), id));
    }

    @Operation(operationId = "submitAnnualReport", tags = "annual-reports",
            summary = "Submit an annual report: its figures are computed and frozen")
    @PostMapping("/api/v1/annual-reports/{id}/submit")
    AnnualReportDto submit(@PathVariable String id) {
        reports.submit(actor.get(), id);
        return dto(reads.view(actor.get(), id));
    }

    @Operation(operationId = "returnAnnualReport", tags = "annual-reports",
            summary = "Return a submitted annual report for completion, with comments (the authority)")
    @PostMapping("/api/v1/annual-reports/{id}/return")
    AnnualReportDto returnForCompletion(@PathVariable String id, @RequestBody ReturnRequest request) {
        reports.returnForCompletion(actor.get(), id, request.comments());
        return dto(reads.view(actor.get(), id));
    }

    @Operation(operationId = "evaluateAnnualReport", tags = "annual-reports",
            summary = "Record the annual evaluation of a submitted report with its grade (the authority)")
    @PostMapping("/api/v1/annual-reports/{id}/evaluation")
    AnnualReportDto evaluate(@PathVariable String id, @RequestBody EvaluationRequest request) {
        reports.evaluate(actor.get(), id, new AnnualReportService.Evaluate(request.grade(), request.comments(),
                request.documentName(), request.documentSha256(), date(request.evaluatedOn())));
        return dto(reads.view(actor.get(), id));
    }

    @Operation(operationId = "getEarlierEvaluations", tags = "applications",
            summary = "The applying organization's earlier annual evaluations, for the application's reviewers")
    @GetMapping("/api/v1/applications/{id}/earlier-evaluations")
    EarlierEvaluationsDto earlierEvaluations(@PathVariable String id) {
        return dto(reapplications.of(actor.get(), id));
    }

    @Operation(operationId = "justifyReapplication", tags = "applications",
            summary = "Record why an organization with a failing annual evaluation applies again (before submission)")
    @PutMapping("/api/v1/applications/{id}/reapplication-justification")
    EarlierEvaluationsDto justify(@PathVariable String id, @RequestBody JustificationRequest request) {
        return dto(reapplications.justify(actor.get(), id, request.justification()));
    }

    private static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new SandboxException(ErrorCode.ANNUAL_EVALUATION_INVALID, "evaluatedOn must be a date (YYYY-MM-DD)");
        }
    }

    private static AnnualReportDto dto(AnnualReportReads.View view) {
        AnnualReport r = view.report();
        AnnualFigures f = view.figures();
        FiguresDto figures = new FiguresDto(f.productsListed(), f.deliveryCalls(), f.deliveredRows(), f.deliveredBytes(),
                f.suspensions(), f.refusedJobs(), f.jobRuns(), f.cpuSeconds(), f.grantsActive(), f.grantIds(), f.computedAt(),
                f.sha256(), view.figuresFrozen());
        return new AnnualReportDto(r.id(), r.organizationId(), r.jurisdiction().code(), r.year(), r.state().name(),
                r.sections().securityMeasures(), r.sections().incidentsNarrative(), r.sections().plans(), r.missingSections(),
                r.due(), r.overdueAt().isPresent(), r.overdueAt().orElse(null), figures, r.submittedAt().orElse(null),
                r.submittedBy().orElse(null), r.returned().map(AnnualReport.Returned::comments).orElse(null),
                r.returned().map(AnnualReport.Returned::at).orElse(null),
                view.evaluation().map(AnnualReportController::dto).orElse(null), r.createdAt(), r.createdBy(), r.updatedAt());
    }

    private static EvaluationDto dto(AnnualEvaluation e) {
        return new EvaluationDto(e.reportId(), e.organizationId(), e.year(), e.grade().name(), e.comments(),
                e.documentName(), e.documentSha256(), e.evaluatedOn(), e.evaluatedBy(), e.evaluatedAt());
    }

    private static EarlierEvaluationsDto dto(Reapplications.EarlierEvaluations e) {
        return new EarlierEvaluationsDto(e.applicationId(), e.organizationId(),
                e.evaluations().stream().map(AnnualReportController::dto).toList(), e.justificationRequired(),
                e.justification().map(j -> new JustificationDto(j.text(), j.recordedBy(), j.recordedAt())).orElse(null));
    }
}

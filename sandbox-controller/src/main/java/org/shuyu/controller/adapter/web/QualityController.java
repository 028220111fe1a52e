package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.quality.ProviderEvaluation;
import org.shuyu.controller.quality.QualityEvaluations;
import org.shuyu.controller.quality.QualityQueries;
import org.shuyu.controller.quality.QualityRequest;
import org.shuyu.controller.quality.QualityService;
import org.shuyu.controller.quality.QualityState;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Data quality requests and the provider evaluation (R-20, docs/quality-requests.md). */
@RestController
@RequestMapping("/api/v1")
class QualityController {
    private final QualityService service;
    private final QualityQueries queries;
    private final QualityEvaluations evaluations;
    private final CurrentActor actor;

    QualityController(QualityService service, QualityQueries queries, QualityEvaluations evaluations, CurrentActor actor) {
        this.service = service;
        this.queries = queries;
        this.evaluations = evaluations;
        this.actor = actor;
    }

    record QualityFilingBody(String grantId, String datasetId, String targetKind, String target, String description, String evidence,
            String evidenceSha256) {}

    record QualityFixBody(String note, String dataSha256) {}

    record QualityReasonBody(String reason) {}

    record QualityAnswerDto(String kind, String note, String dataSha256, Instant at, String by, boolean late) {}

    record QualityRequestDto(String id, String datasetId, String providerId, String grantId, String organizationId,
            String filedBy, String targetKind, String target, String description, String evidence, String evidenceSha256,
            String state, Instant filedAt, Instant dueAt, boolean overdue, Instant overdueAt, Instant acknowledgedAt,
            QualityAnswerDto answer, int reopened, Instant closedAt) {}

    record ProviderEvaluationDto(String providerId, LocalDate from, LocalDate to, int received, int fixedOnTime, int fixedLate,
            int rejected, int openOverdue, int openInTime, int withdrawn, Double meanHoursToFix, Double score) {}

    @Operation(operationId = "fileQualityRequest", tags = "quality", summary = "File a data quality request against a granted dataset")
    @Created("/api/v1/quality-requests/{body.id}")
    @PostMapping("/quality-requests")
    @ResponseStatus(HttpStatus.CREATED)
    QualityRequestDto file(@RequestBody QualityFilingBody body) {
        if (body == null) {
            throw SandboxException.invalid("a body with grantId, datasetId, targetKind, target, description and evidence is required");
        }
        return dto(service.file(actor.get(), new QualityService.Filing(body.grantId(), body.datasetId(), body.targetKind(),
                body.target(), body.description(), body.evidence(), body.evidenceSha256())));
    }

    @Operation(operationId = "listQualityRequests", tags = "quality", summary = "List the quality requests the caller may see")
    @GetMapping("/quality-requests")
    List<QualityRequestDto> list(@RequestParam(required = false) String state, @RequestParam(required = false) String datasetId) {
        Optional<QualityState> s = Optional.ofNullable(state).map(v -> EnumValues.parse(QualityState.class, v, "state"));
        return queries.list(actor.get(), s, Optional.ofNullable(datasetId)).stream().map(QualityController::dto).toList();
    }

    @Operation(operationId = "getQualityRequest", tags = "quality", summary = "Get a quality request")
    @GetMapping("/quality-requests/{id}")
    QualityRequestDto get(@PathVariable String id) {
        return dto(queries.get(actor.get(), id));
    }

    @Operation(operationId = "acknowledgeQualityRequest", tags = "quality", summary = "Acknowledge a quality request (provider)")
    @PostMapping("/quality-requests/{id}/acknowledge")
    QualityRequestDto acknowledge(@PathVariable String id) {
        return dto(service.acknowledge(actor.get(), id));
    }

    @Operation(operationId = "fixQualityRequest", tags = "quality", summary = "Report a quality request fixed, with a note (provider)")
    @PostMapping("/quality-requests/{id}/fix")
    QualityRequestDto fix(@PathVariable String id, @RequestBody(required = false) QualityFixBody body) {
        QualityFixBody b = body == null ? new QualityFixBody(null, null) : body;
        return dto(service.fix(actor.get(), id, b.note(), b.dataSha256()));
    }

    @Operation(operationId = "rejectQualityRequest", tags = "quality", summary = "Reject a quality request with a reason (provider)")
    @PostMapping("/quality-requests/{id}/reject")
    QualityRequestDto reject(@PathVariable String id, @RequestBody(required = false) QualityReasonBody body) {
        return dto(service.reject(actor.get(), id, body == null ? null : body.reason()));
    }

    @Operation(operationId = "confirmQualityRequest", tags = "quality", summary = "Confirm the provider's answer (operator)")
    @PostMapping("/quality-requests/{id}/confirm")
    QualityRequestDto confirm(@PathVariable String id) {
        return dto(service.confirm(actor.get(), id));
    }

    @Operation(operationId = "reopenQualityRequest", tags = "quality", summary = "Reopen a quality request with a reason (operator)")
    @PostMapping("/quality-requests/{id}/reopen")
    QualityRequestDto reopen(@PathVariable String id, @RequestBody(required = false) QualityReasonBody body) {
        return dto(service.reopen(actor.get(), id, body == null ? null : body.reason()));
    }

    @Operation(operationId = "withdrawQualityRequest", tags = "quality", summary = "Withdraw an open quality request (operator)")
    @PostMapping("/quality-requests/{id}/withdraw")
    QualityRequestDto withdraw(@PathVariable String id) {
        return dto(service.withdraw(actor.get(), id));
    }

    @Operation(operationId = "getProviderQualityEvaluation", tags = "quality",
            summary = "A provider's quality evaluation over a period (dates inclusive; default this year to today)")
    @GetMapping("/providers/{id}/quality-evaluation")
    ProviderEvaluationDto evaluation(@PathVariable String id, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        ProviderEvaluation e = evaluations.evaluate(actor.get(), id, date("from", from), date("to", to));
        return new ProviderEvaluationDto(e.providerId(), e.from(), e.to(), e.received(), e.fixedOnTime(), e.fixedLate(), e.rejected(),
                e.openOverdue(), e.openInTime(), e.withdrawn(),
                e.meanHoursToFix().isPresent() ? e.meanHoursToFix().getAsDouble() : null,
                e.score().isPresent() ? e.score().getAsDouble() : null);
    }

    private static Optional<LocalDate> date(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.strip()));
        } catch (DateTimeParseException e) {
            throw new SandboxException(ErrorCode.QUALITY_PERIOD_INVALID, name + " must be a date yyyy-mm-dd");
        }
    }

    private static QualityRequestDto dto(QualityRequest r) {
        QualityAnswerDto answer = r.answer().map(a -> new QualityAnswerDto(a.kind().name(), a.note(), a.dataSha256().orElse(null), a.at(),
                a.by(), a.late())).orElse(null);
        return new QualityRequestDto(r.id(), r.datasetId(), r.providerId(), r.grantId(), r.organizationId(), r.filedBy(),
                r.targetKind().name(), r.target(), r.description(), r.evidence(), r.evidenceSha256().orElse(null),
                r.state().name(), r.filedAt(), r.dueAt(), r.overdueAt().isPresent(), r.overdueAt().orElse(null),
                r.acknowledgedAt().orElse(null), answer, r.reopened(), r.closedAt().orElse(null));
    }
}

package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.inspection.Finding;
import org.shuyu.controller.inspection.FindingService;
import org.shuyu.controller.inspection.Inspection;
import org.shuyu.controller.inspection.InspectionService;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Supervisory inspections of operators and their findings (R-26, docs/inspections.md). */
@RestController
@RequestMapping("/api/v1")
class InspectionController {
    private final InspectionService inspections;
    private final FindingService findings;
    private final CurrentActor actor;

    InspectionController(InspectionService inspections, FindingService findings, CurrentActor actor) {
        this.inspections = inspections;
        this.findings = findings;
        this.actor = actor;
    }

    record ScopeDto(boolean systems, boolean dataUse, boolean securityCapability, List<String> grantIds) {}

    record FindingDto(String id, String inspectionId, String organizationId, String grantId, String severity,
            String description, Instant rectificationDeadline, String state, String rectificationReport, Instant submittedAt,
            String rejectionReason, String verifiedBy, Instant verifiedAt, String suspensionRequestedBy,
            Instant grantSuspendedAt, String createdBy, Instant createdAt) {}

    record InspectionDto(String id, String organizationId, String jurisdiction, String state, LocalDate inspectionDate,
            ScopeDto scope, List<String> inspectors, String createdBy, Instant createdAt, Instant closedAt,
            List<FindingDto> findings) {}

    record FindingRectificationBody(String report) {}

    record FindingNoteBody(String note) {}

    record SuspensionBody(Instant rectificationDeadline) {}

    @Operation(operationId = "createInspection", tags = "inspections", summary = "Record an inspection of an operator")
    @Created("/api/v1/inspections/{body.id}")
    @PostMapping("/inspections")
    @ResponseStatus(HttpStatus.CREATED)
    InspectionDto create(@RequestBody InspectionService.CreateInspection body) {
        return dto(inspections.create(actor.get(), body));
    }

    @Operation(operationId = "listInspections", tags = "inspections", summary = "List the inspections")
    @GetMapping("/inspections")
    List<InspectionDto> list() {
        return inspections.list(actor.get()).stream().map(i -> dto(i, List.of())).toList();
    }

    @Operation(operationId = "getInspection", tags = "inspections", summary = "Show an inspection with its findings")
    @GetMapping("/inspections/{id}")
    InspectionDto get(@PathVariable String id) {
        return dto(inspections.get(actor.get(), id));
    }

    @Operation(operationId = "startInspection", tags = "inspections", summary = "Start an inspection")
    @PostMapping("/inspections/{id}/start")
    InspectionDto start(@PathVariable String id) {
        return dto(inspections.start(actor.get(), id));
    }

    @Operation(operationId = "cancelInspection", tags = "inspections", summary = "Cancel a planned inspection")
    @PostMapping("/inspections/{id}/cancel")
    InspectionDto cancel(@PathVariable String id) {
        return dto(inspections.cancel(actor.get(), id));
    }

    @Operation(operationId = "closeInspection", tags = "inspections", summary = "Close an inspection")
    @PostMapping("/inspections/{id}/close")
    InspectionDto close(@PathVariable String id) {
        return dto(inspections.close(actor.get(), id));
    }

    @Operation(operationId = "issueFinding", tags = "inspections", summary = "Issue a finding to the operator")
    @Created(value = "/api/v1/inspections/{id}", note = "A finding has no URL of its own: the inspection, which lists its findings.")
    @PostMapping("/inspections/{id}/findings")
    @ResponseStatus(HttpStatus.CREATED)
    InspectionDto issueFinding(@PathVariable String id, @RequestBody InspectionService.FindingInput body) {
        return dto(inspections.issueFinding(actor.get(), id, body));
    }

    @Operation(operationId = "submitFindingRectification", tags = "inspections", summary = "Report a finding's rectification")
    @PostMapping("/findings/{id}/rectification")
    FindingDto rectify(@PathVariable String id, @RequestBody FindingRectificationBody body) {
        return dto(findings.submitRectification(actor.get(), id, body == null ? null : body.report()));
    }

    @Operation(operationId = "verifyFinding", tags = "inspections", summary = "Accept a finding's rectification")
    @PostMapping("/findings/{id}/verify")
    FindingDto verify(@PathVariable String id, @RequestBody(required = false) FindingNoteBody body) {
        return dto(findings.verify(actor.get(), id, body == null ? null : body.note()));
    }

    @Operation(operationId = "rejectFindingRectification", tags = "inspections", summary = "Reject a finding's rectification")
    @PostMapping("/findings/{id}/reject")
    FindingDto reject(@PathVariable String id, @RequestBody FindingService.Rejection body) {
        return dto(findings.reject(actor.get(), id, body));
    }

    @Operation(operationId = "requestFindingSuspension", tags = "inspections", summary = "Request the suspension of a finding's grant")
    @PostMapping("/findings/{id}/suspension-request")
    FindingDto requestSuspension(@PathVariable String id) {
        return dto(findings.requestSuspension(actor.get(), id));
    }

    @Operation(operationId = "suspendFindingGrant", tags = "inspections", summary = "Suspend a finding's grant as requested")
    @PostMapping("/findings/{id}/suspension")
    FindingDto suspend(@PathVariable String id,
            @RequestBody(required = false) SuspensionBody body) {
        return dto(findings.suspendGrant(actor.get(), id, body == null ? null : body.rectificationDeadline()));
    }

    private static InspectionDto dto(InspectionService.View view) {
        return dto(view.inspection(), view.findings());
    }

    private static InspectionDto dto(Inspection i, List<Finding> findings) {
        return new InspectionDto(i.id(), i.organizationId(), i.jurisdiction().code(), i.state().name(), i.inspectionDate(),
                new ScopeDto(i.scope().systems(), i.scope().dataUse(), i.scope().securityCapability(), i.scope().grantIds()),
                i.inspectors(), i.createdBy(), i.createdAt(), i.closedAt().orElse(null),
                findings.stream().map(InspectionController::dto).toList());
    }

    private static FindingDto dto(Finding f) {
        return new FindingDto(f.id(), f.inspectionId(), f.organizationId(), f.grantId().orElse(null), f.severity().name(),
                f.description(), f.deadline(), f.state().name(), f.rectificationReport().orElse(null),
                f.submittedAt().orElse(null), f.rejectionReason().orElse(null), f.verifiedBy().orElse(null),
                f.verifiedAt().orElse(null), f.suspensionRequestedBy().orElse(null), f.suspendedAt().orElse(null),
                f.createdBy(), f.createdAt());
    }
}

package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Lab;
import org.shuyu.controller.grant.LabService;
import org.shuyu.controller.identity.CurrentActor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/labs")
class LabController {
    private final LabService labs;
    private final CurrentActor actor;

    LabController(LabService labs, CurrentActor actor) {
        this.labs = labs;
        this.actor = actor;
    }

    record ApproveBody(LocalDate termStart, String note) {}

    record RejectBody(String reason) {}

    @Operation(operationId = "requestLab", tags = "labs", summary = "Request a lab")
    @Created("/api/v1/labs/{body.id}")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    LifecycleDtos.LabDto request(@RequestBody LabService.RequestLab body) {
        return LifecycleDtos.lab(labs.request(actor.get(), body));
    }

    @Operation(operationId = "listLabs", tags = "labs", summary = "List the labs")
    @GetMapping
    List<LifecycleDtos.LabDto> list() {
        return labs.list(actor.get()).stream().map(LifecycleDtos::lab).toList();
    }

    @Operation(operationId = "getLab", tags = "labs", summary = "Show a lab")
    @GetMapping("/{id}")
    LifecycleDtos.LabDto get(@PathVariable String id) {
        return LifecycleDtos.lab(labs.get(actor.get(), id));
    }

    @Operation(operationId = "getLabReport", tags = "labs", summary = "Show a lab's report")
    @GetMapping("/{id}/report")
    LifecycleDtos.ReportDto report(@PathVariable String id) {
        Lab lab = labs.get(actor.get(), id);
        return lab.report().map(LifecycleDtos::report)
                .orElseThrow(() -> SandboxException.notFound("evaluation report of lab", id));
    }

    @Operation(operationId = "approveLab", tags = "labs", summary = "Approve a lab request")
    @PostMapping("/{id}/approve")
    LifecycleDtos.LabDto approve(@PathVariable String id, @RequestBody(required = false) ApproveBody body) {
        ApproveBody b = body == null ? new ApproveBody(null, null) : body;
        return LifecycleDtos.lab(labs.approve(actor.get(), id, new LabService.ApproveLab(Optional.ofNullable(b.termStart()), b.note())));
    }

    @Operation(operationId = "rejectLab", tags = "labs", summary = "Reject a lab request")
    @PostMapping("/{id}/reject")
    LifecycleDtos.LabDto reject(@PathVariable String id, @RequestBody RejectBody body) {
        return LifecycleDtos.lab(labs.reject(actor.get(), id, body.reason()));
    }

    @Operation(operationId = "completeLab", tags = "labs", summary = "Complete a lab with its report")
    @PostMapping("/{id}/complete")
    LifecycleDtos.LabDto complete(@PathVariable String id, @RequestBody LabService.CompleteLab body) {
        return LifecycleDtos.lab(labs.complete(actor.get(), id, body));
    }
}

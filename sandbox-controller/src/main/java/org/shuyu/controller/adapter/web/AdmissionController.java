package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import org.shuyu.controller.admission.Admission;
import org.shuyu.controller.admission.ComputeQuota;
import org.shuyu.controller.admission.ComputeQuotas;
import org.shuyu.controller.admission.Ticket;
import org.shuyu.controller.identity.CurrentActor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admission of workspace engines (docs/admission.md): the platform admin sets an operator's compute quota; supervisors
 * read the whole picture, an operator's people their own organizations' usage and queue positions.
 */
@RestController
class AdmissionController {
    private final ComputeQuotas quotas;
    private final CurrentActor currentActor;

    AdmissionController(ComputeQuotas quotas, CurrentActor currentActor) {
        this.quotas = quotas;
        this.currentActor = currentActor;
    }

    /** The body of a quota: every field required, integers only (strict JSON refuses strings, fractions, unknown fields). */
    record QuotaBody(@NotNull Integer maxCores, @NotNull Integer maxMemoryMb, @NotNull Integer maxEngines) {}

    /** {@code source}: SET (by the platform admin, with when and by whom) or DEFAULT (the configured default quota). */
    record QuotaDto(String organizationId, int maxCores, int maxMemoryMb, int maxEngines, String source, Instant updatedAt,
            String updatedBy) {}

    record ResourcesDto(int cores, int memoryMb) {}

    record OperatorDto(String organizationId, int cores, int memoryMb, int engines, QuotaDto quota) {}

    record TicketDto(String ticketId, String organizationId, String workspaceId, int cores, int memoryMb, Instant requestedAt,
            Instant admittedAt) {}

    record QueueEntryDto(int position, String requestId, String organizationId, String workspaceId, int cores, int memoryMb,
            Instant requestedAt, boolean atQuota) {}

    record AdmissionDto(ResourcesDto capacity, ResourcesDto used, List<OperatorDto> operators, List<TicketDto> admitted,
            List<QueueEntryDto> queue) {}

    @Operation(operationId = "getComputeQuota", tags = "admission", summary = "Show an organization's compute quota")
    @GetMapping("/api/v1/organizations/{id}/compute-quota")
    QuotaDto get(@PathVariable String id) {
        return dto(quotas.get(currentActor.get(), id));
    }

    @Operation(operationId = "putComputeQuota", tags = "admission", summary = "Set an organization's compute quota")
    @PutMapping("/api/v1/organizations/{id}/compute-quota")
    QuotaDto put(@PathVariable String id, @Valid @RequestBody QuotaBody body) {
        return dto(quotas.set(currentActor.get(), id, body.maxCores(), body.maxMemoryMb(), body.maxEngines()));
    }

    @Operation(operationId = "getAdmission", tags = "admission", summary = "Show the admission queue and running work")
    @GetMapping("/api/v1/admission")
    AdmissionDto admission() {
        Admission.Usage usage = quotas.usage(currentActor.get());
        return new AdmissionDto(new ResourcesDto(usage.capacity().cores(), usage.capacity().memoryMb()),
                new ResourcesDto(usage.usedCores(), usage.usedMemoryMb()),
                usage.operators().stream().map(o -> new OperatorDto(o.organizationId(), o.cores(), o.memoryMb(), o.engines(),
                        dto(o.quota()))).toList(),
                usage.tickets().stream().map(AdmissionController::dto).toList(),
                usage.queue().stream().map(q -> new QueueEntryDto(q.position(), q.requestId(), q.organizationId(), q.workspaceId(),
                        q.cores(), q.memoryMb(), q.requestedAt(), q.atQuota())).toList());
    }

    private static QuotaDto dto(ComputeQuota q) {
        return new QuotaDto(q.organizationId(), q.maxCores(), q.maxMemoryMb(), q.maxEngines(), q.isDefault() ? "DEFAULT" : "SET",
                q.updatedAt().orElse(null), q.updatedBy().orElse(null));
    }

    private static TicketDto dto(Ticket t) {
        return new TicketDto(t.id(), t.organizationId(), t.workspaceId(), t.cores(), t.memoryMb(), t.requestedAt(), t.admittedAt());
    }
}

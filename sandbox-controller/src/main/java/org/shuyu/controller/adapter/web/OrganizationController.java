package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.OrganizationRegistration;
import org.shuyu.controller.organization.OrganizationService;
import org.shuyu.controller.organization.Uscc;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Applicant and operator organizations with their accountable person (R-06, R-24a). */
@RestController
@RequestMapping("/api/v1/organizations")
class OrganizationController {
    private final OrganizationService organizations;
    private final CurrentActor currentActor;

    OrganizationController(OrganizationService organizations, CurrentActor currentActor) {
        this.organizations = organizations;
        this.currentActor = currentActor;
    }

    record AccountablePersonDto(@NotBlank String userId, @NotBlank String name) {}

    record OrganizationRequest(
            @NotBlank String name,
            @NotBlank String uscc,
            @NotBlank String jurisdiction,
            @NotNull LocalDate establishedOn,
            @Valid @NotNull AccountablePersonDto accountablePerson) {}

    record OrganizationDto(
            String id,
            String name,
            String uscc,
            String jurisdiction,
            LocalDate establishedOn,
            AccountablePersonDto accountablePerson,
            Instant createdAt,
            String createdBy) {}

    @Operation(operationId = "listOrganizations", tags = "organizations", summary = "List the organizations")
    @GetMapping
    List<OrganizationDto> list() {
        return organizations.visibleTo(currentActor.get()).stream().map(OrganizationController::dto).toList();
    }

    @Operation(operationId = "getOrganization", tags = "organizations", summary = "Show an organization")
    @GetMapping("/{id}")
    OrganizationDto get(@PathVariable String id) {
        return organizations.find(id, currentActor.get()).map(OrganizationController::dto)
                .orElseThrow(() -> SandboxException.notFound("organization", id));
    }

    @Operation(operationId = "registerOrganization", tags = "organizations", summary = "Register an organization")
    @Created("/api/v1/organizations/{body.id}")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    OrganizationDto register(@Valid @RequestBody OrganizationRequest request) {
        Actor actor = currentActor.get();
        if (!Jurisdiction.isValid(request.jurisdiction())) {
            throw SandboxException.invalid("jurisdiction must be a Ningbo division code 3302xx, got '" + request.jurisdiction() + "'");
        }
        OrganizationRegistration registration = new OrganizationRegistration(request.name(), Uscc.parse(request.uscc()),
                new Jurisdiction(request.jurisdiction()), request.establishedOn(),
                request.accountablePerson().userId(), request.accountablePerson().name());
        return dto(organizations.register(registration, actor));
    }

    private static OrganizationDto dto(Organization o) {
        return new OrganizationDto(o.id(), o.name(), o.uscc().value(), o.jurisdiction().code(), o.establishedOn(),
                new AccountablePersonDto(o.accountableUserId(), o.accountableName()), o.createdAt(), o.createdBy());
    }
}

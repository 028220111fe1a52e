package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.shuyu.controller.announcement.Announcement;
import org.shuyu.controller.announcement.AnnouncementDraft;
import org.shuyu.controller.announcement.AnnouncementService;
import org.shuyu.controller.catalog.PriorityDomain;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.identity.Jurisdiction;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Calls for applications. */
@RestController
@RequestMapping("/api/v1/announcements")
class AnnouncementController {
    private final AnnouncementService announcements;
    private final CurrentActor currentActor;

    AnnouncementController(AnnouncementService announcements, CurrentActor currentActor) {
        this.announcements = announcements;
        this.currentActor = currentActor;
    }

    record AnnouncementRequest(
            @NotBlank String title,
            @NotBlank String body,
            @NotBlank String conditions,
            @NotEmpty List<@NotBlank String> priorityDomains,
            @NotBlank String jurisdiction,
            @NotNull LocalDate opensOn,
            @NotNull LocalDate closesOn) {}

    record AnnouncementDto(
            String id,
            String title,
            String body,
            String conditions,
            List<PriorityDomain> priorityDomains,
            String jurisdiction,
            LocalDate opensOn,
            LocalDate closesOn,
            Instant publishedAt,
            String publishedBy) {}

    @Operation(operationId = "listAnnouncements", tags = "announcements", summary = "List the published announcements")
    @GetMapping
    List<AnnouncementDto> list() {
        return announcements.all().stream().map(AnnouncementController::dto).toList();
    }

    @Operation(operationId = "publishAnnouncement", tags = "announcements", summary = "Publish an announcement")
    @Created(value = "/api/v1/announcements", note = "Announcements have no URL of their own: the list of announcements.")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    AnnouncementDto publish(@Valid @RequestBody AnnouncementRequest request) {
        if (!Jurisdiction.isValid(request.jurisdiction())) {
            throw SandboxException.invalid("jurisdiction must be a Ningbo division code 3302xx, got '" + request.jurisdiction() + "'");
        }
        Set<PriorityDomain> domains = EnumSet.noneOf(PriorityDomain.class);
        request.priorityDomains().forEach(d -> domains.add(EnumValues.parse(PriorityDomain.class, d, "priorityDomains")));
        AnnouncementDraft draft = new AnnouncementDraft(request.title(), request.body(), request.conditions(), domains,
                new Jurisdiction(request.jurisdiction()), request.opensOn(), request.closesOn());
        return dto(announcements.publish(draft, currentActor.get()));
    }

    private static AnnouncementDto dto(Announcement a) {
        return new AnnouncementDto(a.id(), a.title(), a.body(), a.conditions(),
                a.priorityDomains().stream().sorted().toList(), a.jurisdiction().code(), a.opensOn(), a.closesOn(),
                a.publishedAt(), a.publishedBy());
    }
}

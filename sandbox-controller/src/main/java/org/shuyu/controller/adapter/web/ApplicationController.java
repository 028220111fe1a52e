package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.ApplicationReviews;
import org.shuyu.controller.grant.ApplicationService;
import org.shuyu.controller.grant.MaterialKind;
import org.shuyu.controller.identity.CurrentActor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/applications")
class ApplicationController {
    private final ApplicationService applications;
    private final ApplicationReviews reviews;
    private final CurrentActor actor;

    ApplicationController(ApplicationService applications, ApplicationReviews reviews, CurrentActor actor) {
        this.applications = applications;
        this.reviews = reviews;
        this.actor = actor;
    }

    record ReasonBody(String reason) {}

    @Operation(operationId = "createApplication", tags = "applications", summary = "Create an application")
    @Created("/api/v1/applications/{body.id}")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    LifecycleDtos.ApplicationDto create(@RequestBody ApplicationService.CreateApplication body) {
        return LifecycleDtos.application(applications.create(actor.get(), body));
    }

    @Operation(operationId = "listApplications", tags = "applications", summary = "List the applications")
    @GetMapping
    List<LifecycleDtos.ApplicationDto> list() {
        return applications.list(actor.get()).stream().map(LifecycleDtos::application).toList();
    }

    @Operation(operationId = "getApplication", tags = "applications", summary = "Show an application")
    @GetMapping("/{id}")
    LifecycleDtos.ApplicationDto get(@PathVariable String id) {
        return LifecycleDtos.application(applications.get(actor.get(), id));
    }

    @Operation(operationId = "putApplicationMaterial", tags = "applications", summary = "Provide an application material")
    @PutMapping("/{id}/materials/{kind}")
    LifecycleDtos.ApplicationDto material(@PathVariable String id, @PathVariable String kind,
                                          @RequestBody ApplicationService.ProvideMaterial body) {
        return LifecycleDtos.application(applications.provideMaterial(actor.get(), id, materialKind(kind), body));
    }

    @Operation(operationId = "submitApplication", tags = "applications", summary = "Submit an application for review")
    @PostMapping("/{id}/submit")
    LifecycleDtos.ApplicationDto submit(@PathVariable String id) {
        return LifecycleDtos.application(applications.submit(actor.get(), id));
    }

    @Operation(operationId = "withdrawApplication", tags = "applications", summary = "Withdraw an application")
    @PostMapping("/{id}/withdraw")
    LifecycleDtos.ApplicationDto withdraw(@PathVariable String id) {
        return LifecycleDtos.application(applications.withdraw(actor.get(), id));
    }

    @Operation(operationId = "recordApplicationReview", tags = "applications", summary = "Record a review of an application")
    @Created(value = "/api/v1/applications/{id}", note = "A review has no URL of its own: the application, which lists its reviews.")
    @PostMapping("/{id}/reviews")
    @ResponseStatus(HttpStatus.CREATED)
    LifecycleDtos.ApplicationDto review(@PathVariable String id, @RequestBody ApplicationReviews.RecordReview body) {
        return LifecycleDtos.application(reviews.review(actor.get(), id, body));
    }

    @Operation(operationId = "deliberateApplication", tags = "applications", summary = "Record the deliberation of an application")
    @PostMapping("/{id}/deliberation")
    LifecycleDtos.ApplicationDto deliberate(@PathVariable String id, @RequestBody ApplicationReviews.Deliberate body) {
        return LifecycleDtos.application(reviews.deliberate(actor.get(), id, body));
    }

    @Operation(operationId = "approveApplication", tags = "applications", summary = "Approve an application")
    @PostMapping("/{id}/approval")
    LifecycleDtos.ApplicationDto approve(@PathVariable String id, @RequestBody ApplicationReviews.Approve body) {
        return LifecycleDtos.application(reviews.approve(actor.get(), id, body));
    }

    @Operation(operationId = "rejectApplication", tags = "applications", summary = "Reject an application")
    @PostMapping("/{id}/reject")
    LifecycleDtos.ApplicationDto reject(@PathVariable String id, @RequestBody ReasonBody body) {
        return LifecycleDtos.application(reviews.reject(actor.get(), id, body.reason()));
    }

    private static MaterialKind materialKind(String path) {
        String name = path.toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return MaterialKind.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw SandboxException.invalid("unknown material kind '" + path + "'; kinds: "
                    + Arrays.stream(MaterialKind.values()).map(k -> k.name().toLowerCase().replace('_', '-')).toList());
        }
    }
}

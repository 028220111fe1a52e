package org.shuyu.controller.adapter.web;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.shuyu.controller.error.SandboxException;
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
    private final CurrentActor actor;

    ApplicationController(ApplicationService applications, CurrentActor actor) {
        this.applications = applications;
        this.actor = actor;
    }

    record ReasonBody(String reason) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    LifecycleDtos.ApplicationDto create(@RequestBody ApplicationService.CreateApplication body) {
        return LifecycleDtos.application(applications.create(actor.get(), body));
    }

    @GetMapping
    List<LifecycleDtos.ApplicationDto> list() {
        return applications.list(actor.get()).stream().map(LifecycleDtos::application).toList();
    }

    @GetMapping("/{id}")
    LifecycleDtos.ApplicationDto get(@PathVariable String id) {
        return LifecycleDtos.application(applications.get(actor.get(), id));
    }

    @PutMapping("/{id}/materials/{kind}")
    LifecycleDtos.ApplicationDto material(@PathVariable String id, @PathVariable String kind,
                                          @RequestBody ApplicationService.ProvideMaterial body) {
        return LifecycleDtos.application(applications.provideMaterial(actor.get(), id, materialKind(kind), body));
    }

    @PostMapping("/{id}/submit")
    LifecycleDtos.ApplicationDto submit(@PathVariable String id) {
        return LifecycleDtos.application(applications.submit(actor.get(), id));
    }

    @PostMapping("/{id}/withdraw")
    LifecycleDtos.ApplicationDto withdraw(@PathVariable String id) {
        return LifecycleDtos.application(applications.withdraw(actor.get(), id));
    }

    @PostMapping("/{id}/reviews")
    @ResponseStatus(HttpStatus.CREATED)
    LifecycleDtos.ApplicationDto review(@PathVariable String id, @RequestBody ApplicationService.RecordReview body) {
        return LifecycleDtos.application(applications.review(actor.get(), id, body));
    }

    @PostMapping("/{id}/deliberation")
    LifecycleDtos.ApplicationDto deliberate(@PathVariable String id, @RequestBody ApplicationService.Deliberate body) {
        return LifecycleDtos.application(applications.deliberate(actor.get(), id, body));
    }

    @PostMapping("/{id}/approval")
    LifecycleDtos.ApplicationDto approve(@PathVariable String id, @RequestBody ApplicationService.Approve body) {
        return LifecycleDtos.application(applications.approve(actor.get(), id, body));
    }

    @PostMapping("/{id}/reject")
    LifecycleDtos.ApplicationDto reject(@PathVariable String id, @RequestBody ReasonBody body) {
        return LifecycleDtos.application(applications.reject(actor.get(), id, body.reason()));
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

package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.CurrentActor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me")
class MeController {
    private final CurrentActor currentActor;

    MeController(CurrentActor currentActor) {
        this.currentActor = currentActor;
    }

    record MeDto(String userId, String name, List<String> roles, String jurisdiction) {}

    @Operation(operationId = "getMe", tags = "identity", summary = "The caller: user id, roles and organization")
    @GetMapping
    MeDto me() {
        Actor actor = currentActor.get();
        return new MeDto(actor.userId(), actor.name(),
                actor.roles().stream().map(r -> r.realmRole()).sorted().toList(),
                actor.jurisdiction().map(j -> j.code()).orElse(null));
    }
}

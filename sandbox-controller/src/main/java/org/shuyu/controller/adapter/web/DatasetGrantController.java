package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.shuyu.controller.grant.DatasetGrants;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.identity.CurrentActor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The grants that use a dataset, for its provider (issue 18, the console's provider pages). */
@RestController
@RequestMapping("/api/v1")
class DatasetGrantController {
    private final DatasetGrants grants;
    private final CurrentActor actor;

    DatasetGrantController(DatasetGrants grants, CurrentActor actor) {
        this.grants = grants;
        this.actor = actor;
    }

    /** A grant as its data provider sees it: who, what for, which datasets, when, in which state (no agreement text). */
    record DatasetGrantDto(String id, String organizationId, String state, String scenario, String jurisdiction,
            List<String> datasetIds, LocalDate termStart, LocalDate termEnd, Instant activatedAt, Instant endedAt) {}

    @Operation(operationId = "listDatasetGrants", tags = "catalog",
            summary = "List the grants that use a dataset (its provider, the authority, supervisors)")
    @GetMapping("/datasets/{id}/grants")
    List<DatasetGrantDto> list(@PathVariable String id) {
        return grants.using(actor.get(), id).stream().map(DatasetGrantController::dto).toList();
    }

    private static DatasetGrantDto dto(Grant g) {
        return new DatasetGrantDto(g.id(), g.organizationId(), g.state().shortName(), g.scenario(), g.jurisdiction().code(),
                g.datasetIds(), g.termStart(), g.termEnd(), g.activatedAt().orElse(null), g.endedAt().orElse(null));
    }
}

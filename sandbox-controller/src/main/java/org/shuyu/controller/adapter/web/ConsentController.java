package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.shuyu.controller.consent.Consent;
import org.shuyu.controller.consent.ConsentFile;
import org.shuyu.controller.consent.ConsentService;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.CurrentActor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The consent registry of person-level datasets (R-21b). */
@RestController
@RequestMapping("/api/v1")
class ConsentController {
    private final ConsentService consents;
    private final CurrentActor actor;

    ConsentController(ConsentService consents, CurrentActor actor) {
        this.consents = consents;
        this.actor = actor;
    }

    record ConsentBody(Boolean granted, String evidence) {}

    record ConsentDto(String datasetId, String subjectId, boolean granted, String evidence, String recordedBy, Instant recordedAt) {}

    @Operation(operationId = "listConsents", tags = "consents", summary = "List the consents recorded for a dataset")
    @GetMapping("/datasets/{id}/consents")
    List<ConsentDto> list(@PathVariable String id, @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "100") int limit) {
        return consents.list(actor.get(), id, offset, PageRequest.fetch(limit)).stream().map(ConsentController::dto).toList();
    }

    @Operation(operationId = "putConsent", tags = "consents", summary = "Record or change a data subject's consent")
    @PutMapping("/datasets/{id}/consents/{subjectId}")
    ConsentDto put(@PathVariable String id, @PathVariable String subjectId, @RequestBody ConsentBody body) {
        if (body == null || body.granted() == null) {
            throw SandboxException.invalid("granted (true or false) is required");
        }
        return dto(consents.record(actor.get(), id, subjectId, new ConsentService.Record(body.granted(), body.evidence())));
    }

    record ConsentBulkResult(String datasetId, int rows, int granted, int withdrawn, int unchanged, String sha256) {}

    /** A whole consent file, CSV {@code subjectId,granted,evidence}: applied all or nothing (R-21b). */
    @Operation(operationId = "uploadConsents", tags = "consents", summary = "Apply a consent file (CSV subjectId,granted,evidence) atomically")
    @PostMapping(value = "/datasets/{id}/consents/bulk", consumes = "text/csv")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "CSV with the header"
            + " subjectId,granted,evidence and at most " + ConsentFile.MAX_ROWS + " lines; granted is true or false",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    ConsentBulkResult bulk(@PathVariable String id, @RequestBody String csv) {
        ConsentService.BulkResult r = consents.bulk(actor.get(), id, csv);
        return new ConsentBulkResult(r.datasetId(), r.rows(), r.granted(), r.withdrawn(), r.unchanged(), r.sha256());
    }

    private static ConsentDto dto(Consent c) {
        return new ConsentDto(c.datasetId(), c.subjectId(), c.granted(), c.evidence(), c.recordedBy(), c.recordedAt());
    }
}

package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.shuyu.controller.consent.Consent;
import org.shuyu.controller.consent.ConsentFile;
import org.shuyu.controller.consent.ConsentService;
import org.shuyu.controller.error.ErrorCode;
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

    /** One refused line of a partial upload: its number, code, field and a fixed reason; never the line's content. */
    record RefusedLineDto(int line, String code, String field, String reason) {}

    /**
     * What an upload did. {@code mode} atomic: every row applied ({@code refused} 0). {@code mode} partial: the good
     * rows applied, each refused line in {@code refusedLines}.
     */
    record ConsentBulkResult(String datasetId, String mode, int rows, int granted, int withdrawn, int unchanged, int refused,
            List<RefusedLineDto> refusedLines, String sha256) {}

    /**
     * A consent file, CSV {@code subjectId,granted,evidence} ({@code granted} false records a withdrawal). Mode
     * {@code atomic} (the default): applied all or nothing, the first bad line refuses the file. Mode {@code partial}
     * (issue 19): every line is checked, good rows applied, bad lines reported by number and code (R-21b).
     */
    @Operation(operationId = "uploadConsents", tags = "consents", summary = "Apply a consent file (CSV subjectId,granted,evidence):"
            + " atomically, or (mode=partial) the good rows with a report of the refused lines")
    @PostMapping(value = "/datasets/{id}/consents/bulk", consumes = "text/csv")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "CSV with the header"
            + " subjectId,granted,evidence and at most " + ConsentFile.MAX_ROWS + " lines (" + ConsentFile.MAX_PARTIAL_ROWS
            + " in partial mode, within the 1 MiB body limit); granted is true or false",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    ConsentBulkResult bulk(@PathVariable String id,
            @Parameter(description = "atomic (default): all or nothing; partial: apply the good rows, report the refused lines",
                    schema = @Schema(allowableValues = {"atomic", "partial"}))
            @RequestParam(defaultValue = "atomic") String mode,
            @RequestBody String csv) {
        if ("partial".equals(mode)) {
            ConsentService.PartialResult r = consents.bulkPartial(actor.get(), id, csv);
            ConsentService.BulkResult a = r.applied();
            List<RefusedLineDto> lines = r.refused().stream()
                    .map(x -> new RefusedLineDto(x.line(), x.code().name(), x.field(), x.reason())).toList();
            return new ConsentBulkResult(a.datasetId(), mode, a.rows(), a.granted(), a.withdrawn(), a.unchanged(), lines.size(),
                    lines, a.sha256());
        }
        if (!"atomic".equals(mode)) {
            throw new SandboxException(ErrorCode.CONSENT_BULK_MODE_INVALID, "mode must be atomic or partial");
        }
        ConsentService.BulkResult r = consents.bulk(actor.get(), id, csv);
        return new ConsentBulkResult(r.datasetId(), mode, r.rows(), r.granted(), r.withdrawn(), r.unchanged(), 0, List.of(),
                r.sha256());
    }

    private static ConsentDto dto(Consent c) {
        return new ConsentDto(c.datasetId(), c.subjectId(), c.granted(), c.evidence(), c.recordedBy(), c.recordedAt());
    }
}

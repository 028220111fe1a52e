package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.catalog.ColumnClassification;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.owndata.CheckOutcome;
import org.shuyu.controller.owndata.OwnColumn;
import org.shuyu.controller.owndata.OwnDataImport;
import org.shuyu.controller.owndata.OwnDataImports;
import org.shuyu.controller.owndata.OwnDataState;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operators' own data brought into a grant's workspace through the import airlock (R-19c, docs/own-data.md). */
@RestController
@RequestMapping("/api/v1/own-data-imports")
class OwnDataController {
    private final OwnDataImports imports;
    private final CurrentActor actor;

    OwnDataController(OwnDataImports imports, CurrentActor actor) {
        this.imports = imports;
        this.actor = actor;
    }

    /** A declared column: classification and grade as in the catalog; identifying defaults to the classification's. */
    record OwnDataColumnBody(String name, String type, String classification, Integer grade, Boolean identifying) {}

    record OwnDataCreateBody(String grantId, String tableName, String source, String legalBasis, String purpose,
            List<OwnDataColumnBody> columns) {}

    /** {@code decision} APPROVE or REJECT, with the reason recorded on the import. */
    record OwnDataDecisionBody(String decision, String reason) {}

    /** A small file sent as JSON (the CLI's {@code shuyu api}): the CSV text itself. */
    record OwnDataFileBody(String csv) {}

    record OwnDataColumnDto(String name, String type, String classification, int grade, boolean identifying, String mask) {}

    record OwnDataCheckDto(String check, boolean passed, String code, String message) {}

    record OwnDataFileDto(long rows, long bytes, String sha256) {}

    record OwnDataImportDto(String id, String grantId, String organizationId, String jurisdiction, String tableName, String datasetId,
            String source, String legalBasis, String purpose, int grade, List<OwnDataColumnDto> columns, String state, String createdBy,
            Instant createdAt, OwnDataFileDto file, List<OwnDataCheckDto> checks, String decidedBy, Instant decidedAt, String reason,
            Instant updatedAt) {}

    @Operation(operationId = "createOwnDataImport", tags = "own-data",
            summary = "Declare an import of the operator's own data into a grant's workspace (source, legal basis, purpose, columns)")
    @Created("/api/v1/own-data-imports/{body.id}")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    OwnDataImportDto create(@RequestBody OwnDataCreateBody body) {
        if (body == null) {
            throw invalid("a body with grantId, tableName, source, legalBasis, purpose and columns is required");
        }
        List<OwnColumn> columns = new ArrayList<>();
        for (OwnDataColumnBody c : body.columns() == null ? List.<OwnDataColumnBody>of() : body.columns()) {
            if (c == null || c.name() == null || c.type() == null || c.classification() == null || c.grade() == null) {
                throw invalid("every column needs name, type, classification and grade");
            }
            ColumnClassification classification = Arrays.stream(ColumnClassification.values())
                    .filter(v -> v.name().equals(c.classification())).findFirst()
                    .orElseThrow(() -> invalid("column '" + c.name() + "': classification must be one of "
                            + Arrays.toString(ColumnClassification.values())));
            columns.add(OwnColumn.of(c.name(), c.type(), classification, c.grade(), Optional.ofNullable(c.identifying())));
        }
        return dto(imports.create(actor.get(), new OwnDataImports.Declaration(body.grantId(), body.tableName(), body.source(),
                body.legalBasis(), body.purpose(), columns)));
    }

    @Operation(operationId = "listOwnDataImports", tags = "own-data",
            summary = "List the own-data imports the caller may see, newest first (optionally of one grant, in one state)")
    @GetMapping
    List<OwnDataImportDto> list(@RequestParam Optional<String> grantId, @RequestParam Optional<String> state) {
        Optional<OwnDataState> s = state.map(v -> Arrays.stream(OwnDataState.values()).filter(x -> x.name().equals(v)).findFirst()
                .orElseThrow(() -> SandboxException.invalid("state must be one of " + Arrays.toString(OwnDataState.values()))));
        return imports.list(actor.get(), grantId, s).stream().map(OwnDataController::dto).toList();
    }

    @Operation(operationId = "getOwnDataImport", tags = "own-data", summary = "Show an own-data import with its check results")
    @GetMapping("/{id}")
    OwnDataImportDto get(@PathVariable String id) {
        return dto(imports.get(actor.get(), id));
    }

    @Operation(operationId = "uploadOwnDataFile", tags = "own-data",
            summary = "Upload the import's CSV file (streamed, checked: schema, size, identifying patterns); IN_REVIEW or REJECTED")
    @PutMapping(value = "/{id}/file", consumes = "text/csv")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "RFC 4180 CSV in UTF-8: a header"
            + " with the declared column names in order, then one line per row; an empty field is null.",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    OwnDataImportDto upload(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) throws IOException {
        try (InputStream body = request.getInputStream()) {
            return dto(imports.upload(actor.get(), id, request.getContentLengthLong(), body));
        }
    }

    @Operation(operationId = "uploadOwnDataFileAsJson", tags = "own-data",
            summary = "Upload a small import file as JSON {csv: ...} (the same checks as the text/csv upload)")
    @PutMapping(value = "/{id}/file", consumes = "application/json")
    OwnDataImportDto uploadJson(@PathVariable String id, @RequestBody OwnDataFileBody body) {
        if (body == null || body.csv() == null) {
            throw invalid("csv (the file's text) is required");
        }
        byte[] bytes = body.csv().getBytes(StandardCharsets.UTF_8);
        return dto(imports.upload(actor.get(), id, bytes.length, new ByteArrayInputStream(bytes)));
    }

    @Operation(operationId = "decideOwnDataImport", tags = "own-data",
            summary = "Approve (materialize as a workspace source) or reject an import in review, with a reason")
    @PostMapping("/{id}/decision")
    OwnDataImportDto decide(@PathVariable String id, @RequestBody OwnDataDecisionBody body) {
        if (body == null || !("APPROVE".equals(body.decision()) || "REJECT".equals(body.decision()))) {
            throw invalid("decision must be APPROVE or REJECT");
        }
        return dto(imports.decide(actor.get(), id, "APPROVE".equals(body.decision()), body.reason()));
    }

    @Operation(operationId = "withdrawOwnDataImport", tags = "own-data", summary = "Withdraw an import before its decision")
    @PostMapping("/{id}/withdraw")
    OwnDataImportDto withdraw(@PathVariable String id) {
        return dto(imports.withdraw(actor.get(), id));
    }

    private static SandboxException invalid(String message) {
        return new SandboxException(ErrorCode.OWN_DATA_INVALID_DECLARATION, message);
    }

    static OwnDataImportDto dto(OwnDataImport i) {
        return new OwnDataImportDto(i.id(), i.grantId(), i.organizationId(), i.jurisdiction().code(), i.tableName(), i.datasetId(),
                i.source(), i.legalBasis(), i.purpose(), i.grade(),
                i.columns().stream().map(c -> new OwnDataColumnDto(c.name(), c.column().type(), c.column().classification().name(),
                        c.column().grade(), c.identifying(), c.mask().map(Enum::name).orElse("NONE"))).toList(),
                i.state().name(), i.createdBy(), i.createdAt(),
                i.file().map(f -> new OwnDataFileDto(f.rows(), f.bytes(), f.sha256())).orElse(null),
                i.checks().stream().map(OwnDataController::check).toList(), i.decidedBy().orElse(null),
                i.decidedAt().orElse(null), i.reason().orElse(null), i.updatedAt());
    }

    private static OwnDataCheckDto check(CheckOutcome c) {
        return new OwnDataCheckDto(c.check(), c.passed(), c.code().map(Enum::name).orElse(null), c.message());
    }
}

package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.Column;
import org.shuyu.controller.catalog.ColumnClassification;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.catalog.DatasetRegistration;
import org.shuyu.controller.catalog.Openness;
import org.shuyu.controller.catalog.Provider;
import org.shuyu.controller.catalog.QualityStatus;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.policy.Classification;
import org.shuyu.policy.MaskRules;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Providers and datasets of the catalog. */
@RestController
@RequestMapping("/api/v1")
class CatalogController {
    private final CatalogService catalog;
    private final CurrentActor currentActor;

    CatalogController(CatalogService catalog, CurrentActor currentActor) {
        this.catalog = catalog;
        this.currentActor = currentActor;
    }

    record ProviderDto(@NotBlank String id, @NotBlank String name, @NotBlank String jurisdiction, String description) {}

    record ColumnDto(
            @NotBlank String name,
            @NotBlank String type,
            String description,
            @NotBlank String classification,
            @NotNull Integer grade) {}

    record DatasetRequest(
            @NotBlank String id,
            @NotBlank String providerId,
            @NotBlank String title,
            String description,
            @NotBlank String openness,
            @NotBlank String category,
            String qualityStatus,
            Boolean personLevel,
            String subjectColumn,
            Long rowCount,
            @NotNull List<@Valid @NotNull ColumnDto> columns) {}

    record DatasetDto(
            String id,
            String providerId,
            String title,
            String description,
            Openness openness,
            String category,
            QualityStatus qualityStatus,
            boolean personLevel,
            String subjectColumn,
            Long rowCount,
            int grade,
            List<ColumnDto> columns,
            Instant createdAt,
            String createdBy) {}

    /** A column classification with the rules that follow from it: lowest grade, identifying, mask per grade. */
    record ClassificationDto(
            String classification,
            int minimumGrade,
            boolean identifying,
            @Schema(description = "The mask of a column of grade 1, 2, 3 and 4 (HASH, PARTIAL, NULLIFY or NONE)")
            List<String> masksByGrade) {}

    @Operation(operationId = "listClassifications", tags = "catalog",
            summary = "List the column classifications with their lowest grade, whether they identify, and the mask per grade")
    @GetMapping("/classifications")
    List<ClassificationDto> classifications() {
        return Arrays.stream(ColumnClassification.values())
                .map(c -> new ClassificationDto(c.name(), c.minimumGrade(), c.identifying(),
                        IntStream.rangeClosed(MaskRules.MIN_GRADE, MaskRules.MAX_GRADE)
                                .mapToObj(g -> MaskRules.maskFor(Classification.valueOf(c.name()), g).map(Enum::name).orElse("NONE"))
                                .toList()))
                .toList();
    }

    @Operation(operationId = "listProviders", tags = "catalog", summary = "List the data providers")
    @GetMapping("/providers")
    List<ProviderDto> providers() {
        return catalog.providers().stream().map(CatalogController::dto).toList();
    }

    @Operation(operationId = "registerProvider", tags = "catalog", summary = "Register a data provider")
    @Created(value = "/api/v1/providers", note = "Providers have no URL of their own: the list of providers.")
    @PostMapping("/providers")
    @ResponseStatus(HttpStatus.CREATED)
    ProviderDto registerProvider(@Valid @RequestBody ProviderDto request) {
        if (!Jurisdiction.isValid(request.jurisdiction())) {
            throw SandboxException.invalid("jurisdiction must be a Ningbo division code 3302xx, got '" + request.jurisdiction() + "'");
        }
        Provider provider = new Provider(request.id(), request.name(), new Jurisdiction(request.jurisdiction()),
                Optional.ofNullable(request.description()).orElse(""));
        return dto(catalog.registerProvider(provider, currentActor.get()));
    }

    @Operation(operationId = "listDatasets", tags = "catalog", summary = "List the registered datasets")
    @GetMapping("/datasets")
    List<DatasetDto> datasets() {
        return catalog.datasets().stream().map(CatalogController::dto).toList();
    }

    @Operation(operationId = "getDataset", tags = "catalog", summary = "Show a dataset")
    @GetMapping("/datasets/{id}")
    DatasetDto dataset(@PathVariable String id) {
        return catalog.find(id).map(CatalogController::dto).orElseThrow(() -> SandboxException.notFound("dataset", id));
    }

    @Operation(operationId = "registerDataset", tags = "catalog", summary = "Register a dataset")
    @Created("/api/v1/datasets/{body.id}")
    @PostMapping("/datasets")
    @ResponseStatus(HttpStatus.CREATED)
    DatasetDto registerDataset(@Valid @RequestBody DatasetRequest request) {
        List<Column> columns = request.columns().stream()
                .map(c -> new Column(c.name(), c.type(), Optional.ofNullable(c.description()).orElse(""),
                        EnumValues.parse(ColumnClassification.class, c.classification(), "column '" + c.name() + "' classification"),
                        c.grade()))
                .toList();
        DatasetRegistration registration = new DatasetRegistration(
                request.id(),
                request.providerId(),
                request.title(),
                Optional.ofNullable(request.description()).orElse(""),
                EnumValues.parse(Openness.class, request.openness(), "openness"),
                request.category(),
                request.qualityStatus() == null
                        ? QualityStatus.UNASSESSED
                        : EnumValues.parse(QualityStatus.class, request.qualityStatus(), "qualityStatus"),
                Boolean.TRUE.equals(request.personLevel()),
                Optional.ofNullable(request.subjectColumn()).filter(s -> !s.isBlank()),
                Optional.ofNullable(request.rowCount()),
                columns);
        return dto(catalog.registerDataset(registration, currentActor.get()));
    }

    private static ProviderDto dto(Provider p) {
        return new ProviderDto(p.id(), p.name(), p.jurisdiction().code(), p.description());
    }

    private static DatasetDto dto(Dataset d) {
        return new DatasetDto(d.id(), d.providerId(), d.title(), d.description(), d.openness(), d.category(),
                d.qualityStatus(), d.personLevel(), d.subjectColumn().orElse(null), d.rowCount().orElse(null), d.grade(),
                d.columns().stream()
                        .map(c -> new ColumnDto(c.name(), c.type(), c.description(), c.classification().name(), c.grade()))
                        .toList(),
                d.createdAt(), d.createdBy());
    }
}

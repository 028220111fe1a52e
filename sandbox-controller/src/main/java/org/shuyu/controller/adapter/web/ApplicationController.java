package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.ApplicationReviews;
import org.shuyu.controller.grant.ApplicationService;
import org.shuyu.controller.grant.MaterialDocumentStore;
import org.shuyu.controller.grant.MaterialDocuments;
import org.shuyu.controller.grant.MaterialKind;
import org.shuyu.controller.identity.CurrentActor;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/applications")
class ApplicationController {
    private final ApplicationService applications;
    private final ApplicationReviews reviews;
    private final MaterialDocuments documents;
    private final CurrentActor actor;

    ApplicationController(ApplicationService applications, ApplicationReviews reviews, MaterialDocuments documents,
                          CurrentActor actor) {
        this.applications = applications;
        this.reviews = reviews;
        this.documents = documents;
        this.actor = actor;
    }

    /** The header carrying a material document's SHA-256 (hex), as recorded for the material. */
    static final String SHA256_HEADER = "X-Content-SHA256";

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

    /**
     * the material's document itself. The body is the file's bytes (any media type; its Content-Type is kept);
     * the platform computes the SHA-256 and records the material as the metadata endpoint does.
     */
    @Operation(operationId = "putApplicationMaterialDocument", tags = "applications",
            summary = "Upload an application material's document",
            description = "The request body is the document's bytes (at most 20 MB; its Content-Type is kept). The platform "
                    + "computes the SHA-256 and records the material exactly as putApplicationMaterial does.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary"))))
    @PutMapping(value = "/{id}/materials/{kind}/document", consumes = MediaType.ALL_VALUE)
    LifecycleDtos.ApplicationDto materialDocument(@PathVariable String id, @PathVariable String kind,
                                                  @RequestParam String documentName,
                                                  @RequestParam(required = false) LocalDate periodEnd,
                                                  @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
                                                  @RequestBody(required = false) byte[] body) {
        return LifecycleDtos.application(documents.upload(actor.get(), id, materialKind(kind),
                new MaterialDocuments.Upload(documentName, contentType, body, periodEnd)));
    }

    /** the material's document, for whoever may read the application; its hash is checked before it is sent. */
    @Operation(operationId = "getApplicationMaterialDocument", tags = "applications",
            summary = "Download an application material's document")
    @ApiResponse(responseCode = "200", description = "The document's bytes", headers = @Header(name = SHA256_HEADER,
            description = "The document's SHA-256 (hex), as recorded for the material", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary")))
    @GetMapping(value = "/{id}/materials/{kind}/document", produces = MediaType.ALL_VALUE)
    ResponseEntity<byte[]> materialDocument(@PathVariable String id, @PathVariable String kind) {
        MaterialDocumentStore.StoredDocument document = documents.download(actor.get(), id, materialKind(kind));
        MediaType type;
        try {
            type = MediaType.parseMediaType(document.contentType());
        } catch (IllegalArgumentException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        return ResponseEntity.ok()
                .contentType(type)
                .contentLength(document.content().length)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(document.documentName(), StandardCharsets.UTF_8).build().toString())
                .header(SHA256_HEADER, document.sha256())
                .header("X-Content-Type-Options", "nosniff")
                .body(document.content());
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

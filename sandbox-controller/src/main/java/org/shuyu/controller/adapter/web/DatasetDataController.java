package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.shuyu.controller.catalog.DatasetDataUploads;
import org.shuyu.controller.identity.CurrentActor;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A dataset's rows, delivered by its provider to the shared storage (R-07, docs/storage.md). */
@RestController
@RequestMapping("/api/v1")
class DatasetDataController {
    private final DatasetDataUploads uploads;
    private final CurrentActor actor;

    DatasetDataController(DatasetDataUploads uploads, CurrentActor actor) {
        this.uploads = uploads;
        this.actor = actor;
    }

    record DatasetDataResult(String datasetId, long rows, long bytes, String sha256) {}

    @Operation(operationId = "uploadDatasetData", tags = "catalog",
            summary = "Replace a dataset's data with a CSV file (streamed, checked against the schema, atomic)")
    @PutMapping(value = "/datasets/{id}/data", consumes = "text/csv")
    @RequestBody(required = true, description = "RFC 4180 CSV in UTF-8: a header"
            + " with the registered column names in order, then one line per row; an empty field is null. At most"
            + " sandbox.storage.max-upload-bytes (default 4 GiB).",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    DatasetDataResult upload(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) throws IOException {
        try (InputStream body = request.getInputStream()) {
            DatasetDataUploads.Upload u = uploads.upload(actor.get(), id, request.getContentLengthLong(), body);
            return new DatasetDataResult(u.datasetId(), u.rows(), u.bytes(), u.sha256());
        }
    }
}

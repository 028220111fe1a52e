package org.shuyu.controller.owndata;

import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.catalog.Openness;
import org.shuyu.controller.catalog.QualityStatus;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/**
 * How an own-data import meets the catalog's file path: as a {@link Dataset} (the schema the upload is checked
 * against, and the source jobs read), and which refusals of the upload path are failed checks, under the airlock's
 * own codes.
 */
final class OwnDataFiles {
    private OwnDataFiles() {}

    /** The import as the source jobs read it by: the declared columns with their classification and grade. */
    static Dataset dataset(OwnDataImport i) {
        return new Dataset(i.datasetId(), i.organizationId(), "own data " + i.tableName() + " of grant " + i.grantId(),
                "operator's own data, import " + i.id(), Openness.CONDITIONAL, "own-data", QualityStatus.UNASSESSED, false,
                Optional.empty(), i.file().map(OwnDataImport.FileInfo::rows), i.columns().stream().map(OwnColumn::column).toList(),
                i.createdAt(), i.createdBy());
    }

    private static final Map<ErrorCode, ErrorCode> CHECK_CODES = Map.of(
            ErrorCode.DATASET_DATA_WRONG_HEADER, ErrorCode.OWN_DATA_WRONG_HEADER,
            ErrorCode.DATASET_DATA_BAD_VALUE, ErrorCode.OWN_DATA_BAD_VALUE,
            ErrorCode.DATASET_DATA_MALFORMED, ErrorCode.OWN_DATA_MALFORMED,
            ErrorCode.DATASET_DATA_EMPTY, ErrorCode.OWN_DATA_MALFORMED,
            ErrorCode.DATASET_DATA_TOO_LARGE, ErrorCode.OWN_DATA_TOO_LARGE,
            ErrorCode.OWN_DATA_TOO_LARGE, ErrorCode.OWN_DATA_TOO_LARGE);

    /** The check a refusal of the upload path is (its message names lines, columns and counts only), if it is one. */
    static Optional<CheckOutcome> failedCheck(SandboxException e) {
        ErrorCode code = CHECK_CODES.get(e.code());
        if (code == null) {
            if (e.code() == ErrorCode.DATASET_DATA_STORAGE_FAILED) {
                throw new SandboxException(ErrorCode.OWN_DATA_STORAGE_FAILED, e.getMessage(), e);
            }
            return Optional.empty();
        }
        String check = code == ErrorCode.OWN_DATA_TOO_LARGE ? "size" : "schema";
        String message = e.getMessage().replace("sandbox.storage.max-upload-bytes", "sandbox.own-data.max-bytes");
        return Optional.of(CheckOutcome.failed(check, code, message));
    }
}

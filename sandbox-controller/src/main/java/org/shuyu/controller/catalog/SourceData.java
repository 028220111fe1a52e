package org.shuyu.controller.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Port: where a dataset's rows live for jobs to read, as CSV with a header line in the column order of the
 * dataset's schema. Only the enforced job runtime reads them; nothing serves them to a person.
 */
public interface SourceData {
    /** The directory holding the dataset's files (created empty if the provider has delivered none). */
    Path location(String datasetId);

    /** Whether any rows were delivered. */
    boolean present(String datasetId);

    /** Replaces the dataset's rows (demo seeding and tests; providers' delivery pipelines in production). */
    void replace(String datasetId, List<String> header, Iterable<List<String>> rows);

    /**
     * Reads every delivered row (all files, RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) and
     * calls {@code row} with the raw text of {@code columns}, found by the header's names, in that order (null for an
     * empty field). The list is reused between calls. Only the controller's own checks read rows this way (the
     * airlock's raw-value check); nothing returns them to a person. A file without one of the columns, or one that
     * cannot be read or parsed, throws {@link org.shuyu.controller.error.SandboxException} with
     * {@code SOURCE_DATA_UNREADABLE}.
     */
    void read(String datasetId, List<String> columns, Consumer<List<String>> row);
}

package org.shuyu.controller.catalog;

import java.nio.file.Path;
import java.util.List;

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
}

package org.shuyu.controller.catalog;

import java.util.List;
import java.util.Optional;

/**
 * Port other features use to consult the catalog. Implemented by {@link CatalogService}.
 */
public interface Catalog {
    /** The dataset with this id, if the catalog has it. */
    Optional<Dataset> find(String datasetId);

    /**
     * Refuses datasets that may not be part of a lab, an application or a grant: throws
     * {@code SandboxException} with {@code UNKNOWN_DATASET} naming every id the catalog does not know, else
     * {@code PROHIBITED_DATASET} naming every prohibited one. Returns normally when all are usable.
     */
    void requireUsable(List<String> datasetIds);
}

package org.shuyu.controller.catalog;

import java.util.List;
import java.util.Optional;

/** Port: where providers and datasets are stored. Inserts join the caller's transaction. */
public interface CatalogStore {
    Optional<Provider> provider(String id);

    List<Provider> providers();

    void insert(Provider provider);

    Optional<Dataset> dataset(String id);

    List<Dataset> datasets();

    /** Inserts the dataset and its columns. */
    void insert(Dataset dataset);
}

package org.shuyu.controller.consent;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Port: persistence of consents; one current record per dataset and subject. */
public interface ConsentStore {
    void put(Consent consent);

    /** The subject's current record for the dataset, if any. */
    Optional<Consent> find(String datasetId, String subjectId);

    /**
     * The current records of the subjects (those that have one), by subject id. The default asks one by one; the
     * JDBC store reads them in chunks (issue 19: bulk consent files).
     */
    default Map<String, Consent> findAll(String datasetId, Collection<String> subjectIds) {
        Map<String, Consent> found = new HashMap<>();
        for (String subject : subjectIds) {
            find(datasetId, subject).ifPresent(c -> found.put(subject, c));
        }
        return found;
    }

    /** Puts each consent as {@link #put} does; the JDBC store writes them in batches. */
    default void putAll(List<Consent> consents) {
        consents.forEach(this::put);
    }

    List<Consent> list(String datasetId, int offset, int limit);

    /** For each of the datasets, the subjects whose current record grants consent. */
    Map<String, Set<String>> consenting(Collection<String> datasetIds);

    /** How many subjects have a record for the dataset, consent given or withdrawn. */
    long recorded(String datasetId);
}

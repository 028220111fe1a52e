package org.shuyu.controller.consent;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Port: persistence of consents; one current record per dataset and subject. */
public interface ConsentStore {
    void put(Consent consent);

    /** The subject's current record for the dataset, if any. */
    Optional<Consent> find(String datasetId, String subjectId);

    List<Consent> list(String datasetId, int offset, int limit);

    /** For each of the datasets, the subjects whose current record grants consent. */
    Map<String, Set<String>> consenting(Collection<String> datasetIds);

    /** How many subjects have a record for the dataset, consent given or withdrawn. */
    long recorded(String datasetId);
}

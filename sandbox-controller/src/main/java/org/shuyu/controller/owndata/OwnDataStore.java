package org.shuyu.controller.owndata;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Port: persistence of own-data imports (docs/own-data.md). */
public interface OwnDataStore {
    void insert(OwnDataImport i);

    /** Replaces the import's row if it is still in {@code expected}; returns whether it was. */
    boolean update(OwnDataImport i, OwnDataState expected);

    Optional<OwnDataImport> find(String id);

    /** Reads with a row lock for the rest of the caller's transaction. */
    Optional<OwnDataImport> lock(String id);

    /** The imports of a grant, newest first. */
    List<OwnDataImport> ofGrant(String grantId);

    /** Every import in one of {@code states}, newest first. */
    List<OwnDataImport> inStates(Set<OwnDataState> states);
}

package org.shuyu.controller.inspection;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Port: inspections and their findings (V28). The lock methods take a row lock for the caller's transaction. */
public interface InspectionStore {
    void insert(Inspection inspection);

    void update(Inspection inspection);

    Optional<Inspection> find(String id);

    Optional<Inspection> lock(String id);

    /** Every inspection, newest first (callers filter by what the actor may see). */
    List<Inspection> all();

    void insertFinding(Finding finding);

    void updateFinding(Finding finding);

    /** The findings of an inspection, oldest first. */
    List<Finding> findings(String inspectionId);

    Optional<Finding> findFinding(String findingId);

    Optional<Finding> lockFinding(String findingId);

    /** Every finding in one of {@code states}. */
    List<Finding> findingsIn(Collection<FindingState> states);
}

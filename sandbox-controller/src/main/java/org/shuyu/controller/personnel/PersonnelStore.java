package org.shuyu.controller.personnel;

import java.util.List;
import java.util.Optional;

/** Port: where personnel records are stored. Writes join the caller's transaction. */
public interface PersonnelStore {
    Optional<PersonnelRecord> find(String organizationId, String userId);

    /** The record, with a row lock held for the rest of the caller's transaction. */
    Optional<PersonnelRecord> lock(String organizationId, String userId);

    List<PersonnelRecord> all(String organizationId);

    /** Inserts or replaces the person and all their items. */
    void put(PersonnelRecord record);
}

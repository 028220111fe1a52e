package org.shuyu.controller.organization;

import java.util.List;
import java.util.Optional;

/** Port: where organizations are stored. Inserts join the caller's transaction. */
public interface OrganizationStore {
    Optional<Organization> find(String id);

    Optional<Organization> findByUscc(Uscc uscc);

    List<Organization> all();

    /** Inserts; throws {@code SandboxException} ALREADY_EXISTS when the USCC is taken. */
    void insert(Organization organization);
}

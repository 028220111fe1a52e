package org.shuyu.controller.organization;

import java.util.Optional;

/** Port other features use to look up applicants and operators. Implemented by {@link OrganizationService}. */
public interface Organizations {
    /** The organization with this id, whoever asks (callers apply their own access rules). */
    Optional<Organization> find(String organizationId);
}

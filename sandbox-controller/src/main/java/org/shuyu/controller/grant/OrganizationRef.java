package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import org.shuyu.controller.identity.Jurisdiction;

/** What the life cycle needs to know of an applicant or operator. */
public record OrganizationRef(String id, String name, Jurisdiction jurisdiction, LocalDate establishedOn, String accountableUserId) {
    public OrganizationRef {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(jurisdiction, "jurisdiction is null");
        requireNonNull(establishedOn, "establishedOn is null");
        requireNonNull(accountableUserId, "accountableUserId is null");
    }
}

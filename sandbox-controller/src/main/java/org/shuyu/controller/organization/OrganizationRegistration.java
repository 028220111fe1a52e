package org.shuyu.controller.organization;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import org.shuyu.controller.identity.Jurisdiction;

/** A request to register an applicant organization. */
public record OrganizationRegistration(
        String name,
        Uscc uscc,
        Jurisdiction jurisdiction,
        LocalDate establishedOn,
        String accountableUserId,
        String accountableName) {

    public OrganizationRegistration {
        requireNonNull(name, "name is null");
        requireNonNull(uscc, "uscc is null");
        requireNonNull(jurisdiction, "jurisdiction is null");
        requireNonNull(establishedOn, "establishedOn is null");
        requireNonNull(accountableUserId, "accountableUserId is null");
        requireNonNull(accountableName, "accountableName is null");
    }
}

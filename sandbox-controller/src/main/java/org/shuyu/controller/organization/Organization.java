package org.shuyu.controller.organization;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import org.shuyu.controller.identity.Jurisdiction;

/**
 * An applicant or operator (申请单位 / 授权运营单位) with its accountable person (R-24a), who is recorded as
 * first responsible for every action of the organization.
 */
public record Organization(
        String id,
        String name,
        Uscc uscc,
        Jurisdiction jurisdiction,
        LocalDate establishedOn,
        String accountableUserId,
        String accountableName,
        Instant createdAt,
        String createdBy) {

    public Organization {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(uscc, "uscc is null");
        requireNonNull(jurisdiction, "jurisdiction is null");
        requireNonNull(establishedOn, "establishedOn is null");
        requireNonNull(accountableUserId, "accountableUserId is null");
        requireNonNull(accountableName, "accountableName is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(createdBy, "createdBy is null");
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("organization name must be 1-200 characters");
        }
        if (accountableUserId.isBlank() || accountableUserId.length() > 200) {
            throw new IllegalArgumentException("accountable person's userId must be 1-200 characters");
        }
        if (accountableName.isBlank() || accountableName.length() > 200) {
            throw new IllegalArgumentException("accountable person's name must be 1-200 characters");
        }
    }

    /** Whether {@code userId} is this organization's accountable person. */
    public boolean isAccountable(String userId) {
        return accountableUserId.equals(userId);
    }
}

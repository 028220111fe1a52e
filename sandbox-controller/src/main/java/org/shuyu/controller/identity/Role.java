package org.shuyu.controller.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * Platform roles. Each maps to one realm role name, as a Keycloak realm puts it in
 * {@code realm_access.roles}.
 */
public enum Role {
    /** Data authority: the platform's owner; accepts, reviews, grants, supervises. */
    AUTHORITY("data-authority"),
    /** Data provider: a government body or utility that supplies datasets; sector authority in reviews. */
    PROVIDER("data-provider"),
    /** The accountable person of an applicant or operator (R-24a). */
    APPLICANT("operator-accountable"),
    /** An operator's data engineer. */
    ENGINEER("operator-engineer"),
    /** Expert reviewer of applications and products. */
    EXPERT("expert-reviewer"),
    /** Security supervisor (cyber, cryptography, secrecy, police, state security). */
    SECURITY("security-supervisor"),
    /** Coordination body of a level (municipal or county): deliberates grants, terminations, revocations. */
    COORDINATION("coordination-body"),
    /** The municipal leading group: approves municipal decisions. */
    LEADING_GROUP("leading-group");

    private final String realmRole;

    Role(String realmRole) {
        this.realmRole = realmRole;
    }

    public String realmRole() {
        return realmRole;
    }

    public static Optional<Role> fromRealmRole(String name) {
        return Arrays.stream(values()).filter(role -> role.realmRole.equals(name)).findFirst();
    }
}

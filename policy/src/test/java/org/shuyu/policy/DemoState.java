package org.shuyu.policy;

import static org.shuyu.policy.Classification.BUSINESS;
import static org.shuyu.policy.Classification.CONTACT;
import static org.shuyu.policy.Classification.DIRECT_IDENTIFIER;
import static org.shuyu.policy.Classification.FINANCIAL;
import static org.shuyu.policy.Classification.HEALTH_SOCIAL;
import static org.shuyu.policy.Classification.PUBLIC;
import static org.shuyu.policy.Classification.QUASI_IDENTIFIER;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A fixed, realistic platform state: the demo catalog, three workspaces and the consents. */
final class DemoState {
    static final Instant UPDATE_TIME = Instant.parse("2026-11-27T08:00:00.250Z");
    static final long VERSION = 7;

    static final DatasetSpec ENTERPRISES = new DatasetSpec("registry.enterprises", false, Optional.empty(), List.of(
            new ColumnSpec("uscc", PUBLIC, 1),
            new ColumnSpec("name", PUBLIC, 1),
            new ColumnSpec("legal_representative", DIRECT_IDENTIFIER, 3),
            new ColumnSpec("phone", CONTACT, 3),
            new ColumnSpec("registered_capital", FINANCIAL, 2),
            new ColumnSpec("industry", BUSINESS, 1)));
    static final DatasetSpec PAYMENTS = new DatasetSpec("tax.payments", false, Optional.empty(), List.of(
            new ColumnSpec("uscc", PUBLIC, 1),
            new ColumnSpec("period", PUBLIC, 1),
            new ColumnSpec("amount", FINANCIAL, 3),
            new ColumnSpec("contact_phone", CONTACT, 3),
            new ColumnSpec("bank_account", FINANCIAL, 4)));
    static final DatasetSpec CONTRIBUTIONS = new DatasetSpec("social.contributions", false,
            Optional.of("person_id_number"), List.of(
            new ColumnSpec("person_id_number", DIRECT_IDENTIFIER, 3),
            new ColumnSpec("person_name", DIRECT_IDENTIFIER, 4),
            new ColumnSpec("birth_year", QUASI_IDENTIFIER, 3),
            new ColumnSpec("employer_uscc", PUBLIC, 1),
            new ColumnSpec("month", PUBLIC, 1),
            new ColumnSpec("contribution_base", FINANCIAL, 3),
            new ColumnSpec("phone", CONTACT, 3),
            new ColumnSpec("health_status", HEALTH_SOCIAL, 4)));
    static final DatasetSpec HOUSEHOLDS = new DatasetSpec("police.household_registry", true,
            Optional.of("person_id_number"), List.of(
            new ColumnSpec("person_id_number", DIRECT_IDENTIFIER, 4),
            new ColumnSpec("household_address", CONTACT, 4)));

    /** Active grant: three datasets, the prohibited one and one the catalog does not know. */
    static final WorkspaceSpec GRANT = new WorkspaceSpec("grant-ab12", "ws_grant_ab12",
            "/srv/shuyu/workspaces/grant-ab12", true, Set.of("engineer", "analyst"),
            Set.of("registry.enterprises", "tax.payments", "social.contributions", "police.household_registry",
                    "registry.unknown"));
    /** Active lab: one dataset. */
    static final WorkspaceSpec LAB = new WorkspaceSpec("lab-cd34", "ws_lab_cd34", "/srv/shuyu/workspaces/lab-cd34",
            true, Set.of("researcher"), Set.of("registry.enterprises"));
    /** Suspended grant. */
    static final WorkspaceSpec SUSPENDED = new WorkspaceSpec("grant-ef56", "ws_grant_ef56",
            "/srv/shuyu/workspaces/grant-ef56", false, Set.of("engineer"), Set.of("tax.payments"));

    static final Set<String> CONSENTS = Set.of("110101199003074512", "11010519851201002X", "310104197702143318");

    private DemoState() {}

    static PolicyState state() {
        return new PolicyState(List.of(ENTERPRISES, PAYMENTS, CONTRIBUTIONS, HOUSEHOLDS),
                List.of(GRANT, LAB, SUSPENDED), Map.of("social.contributions", CONSENTS));
    }
}

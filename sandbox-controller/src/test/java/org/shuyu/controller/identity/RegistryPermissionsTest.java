package org.shuyu.controller.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The role decisions of the small registries (catalog, announcements, organizations, personnel, consent) in
 * {@link Permissions}: for each decision, exactly the listed roles pass and every other role fails.
 */
class RegistryPermissionsTest {
    private static final Jurisdiction YINZHOU = new Jurisdiction("330212");

    private static Actor actor(Role role, Jurisdiction jurisdiction) {
        return new Actor("u-" + role.name(), role.name(), Set.of(role), Optional.of(jurisdiction));
    }

    private static Set<Role> passing(Predicate<Actor> decision) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (decision.test(actor(role, Jurisdiction.MUNICIPAL))) {
                roles.add(role);
            }
        }
        return roles;
    }

    @Test
    void onlyTheAuthorityRegistersProvidersPublishesCallsAndRegistersAnyOrganization() {
        assertThat(passing(Permissions::registersProviders)).containsExactly(Role.AUTHORITY);
        assertThat(passing(Permissions::publishesAnnouncements)).containsExactly(Role.AUTHORITY);
        assertThat(passing(Permissions::registersAnyOrganization)).containsExactly(Role.AUTHORITY);
        assertThat(passing(Permissions::registersDatasetsOfAnyProvider)).containsExactly(Role.AUTHORITY);
    }

    @Test
    void providersRegisterDatasetsAndApplicantsTheirOwnOrganization() {
        assertThat(passing(Permissions::registersDatasetsOfCoveredProviders)).containsExactly(Role.PROVIDER);
        assertThat(passing(Permissions::registersOwnOrganization)).containsExactly(Role.APPLICANT);
    }

    @Test
    void personnelVettingIsReadBySecurityEverywhereAndByTheAuthorityWithinItsJurisdiction() {
        assertThat(passing(Permissions::readsAllPersonnel)).containsExactly(Role.SECURITY);
        assertThat(passing(Permissions::readsPersonnelOfCoveredOrganizations)).containsExactly(Role.AUTHORITY);
    }

    @Test
    void consentsAreReadByAuthorityAndSecurityAndRecordedByTheAuthorityOrACoveringProvider() {
        assertThat(passing(Permissions::readsAllConsents)).containsExactlyInAnyOrder(Role.AUTHORITY, Role.SECURITY);
        assertThat(passing(Permissions::recordsAllConsents)).containsExactly(Role.AUTHORITY);
        assertThat(passing(a -> Permissions.recordsConsentsOf(a, YINZHOU))).containsExactly(Role.PROVIDER);
        assertThat(Permissions.recordsConsentsOf(actor(Role.PROVIDER, YINZHOU), Jurisdiction.MUNICIPAL))
                .as("a county provider does not record consents for a municipal provider's dataset").isFalse();
    }

    @Test
    void theGrantsUsingADatasetAreSeenByACoveringProviderAndByTheOversightRoles() {
        assertThat(passing(a -> Permissions.seesGrantsOfDatasetsOf(a, YINZHOU))).containsExactly(Role.PROVIDER);
        assertThat(Permissions.seesGrantsOfDatasetsOf(actor(Role.PROVIDER, YINZHOU), Jurisdiction.MUNICIPAL))
                .as("a county provider does not see the grants of a municipal provider's dataset").isFalse();
        assertThat(passing(Permissions::seesGrantsOfAnyDataset))
                .containsExactlyInAnyOrder(Role.AUTHORITY, Role.SECURITY, Role.COORDINATION, Role.LEADING_GROUP);
    }
}

package org.shuyu.controller.adapter.keycloak;

import static java.util.Objects.requireNonNull;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.admin.client.resource.GroupResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.shuyu.controller.identity.IdentityProvisioner;
import org.shuyu.controller.identity.WorkspaceGroup;

/**
 * Workspace groups as Keycloak groups under one parent group ({@code /shuyu-workspaces/ws-<grant id>}), through
 * the realm's admin API. Users are matched by username (the platform's user id is the token's
 * {@code preferred_username}). Every call is idempotent: it reads what is there and changes only the difference.
 */
public final class KeycloakIdentityProvisioner implements IdentityProvisioner {
    private static final int PAGE = 500;
    private final RealmResource realm;
    private final String parentGroup;

    public KeycloakIdentityProvisioner(RealmResource realm, String parentGroup) {
        this.realm = requireNonNull(realm, "realm is null");
        this.parentGroup = requireNonNull(parentGroup, "parentGroup is null");
    }

    @Override
    public Set<String> workspaceGroups() {
        Set<String> names = new TreeSet<>();
        Optional<GroupRepresentation> parent = group("/" + parentGroup);
        if (parent.isEmpty()) {
            return names;
        }
        GroupResource resource = realm.groups().group(parent.get().getId());
        for (int first = 0; ; first += PAGE) {
            List<GroupRepresentation> page = resource.getSubGroups(first, PAGE, true);
            page.forEach(g -> names.add(g.getName()));
            if (page.size() < PAGE) {
                return names;
            }
        }
    }

    @Override
    public Provisioned ensure(WorkspaceGroup desired) {
        String parentId = parent();
        boolean created = false;
        Optional<GroupRepresentation> existing = group(path(desired.name()));
        if (existing.isEmpty()) {
            GroupRepresentation representation = new GroupRepresentation();
            representation.setName(desired.name());
            representation.setAttributes(Map.of("grantId", List.of(desired.grantId()),
                    "managedBy", List.of("shuyu-controller: do not edit, every change is reverted on the next pass")));
            try (Response response = realm.groups().group(parentId).subGroup(representation)) {
                // 409: a concurrent pass created it first; either way it exists now.
                if (response.getStatus() != 201 && response.getStatus() != 409) {
                    throw new IllegalStateException("Keycloak refused to create group " + desired.name() + ": HTTP " + response.getStatus());
                }
                created = response.getStatus() == 201;
            }
            existing = group(path(desired.name()));
        }
        String groupId = existing.orElseThrow(() -> new IllegalStateException("group " + desired.name() + " vanished")).getId();
        Map<String, String> current = members(groupId);
        // Keycloak keeps usernames in lower case.
        Set<String> wanted = new TreeSet<>();
        desired.members().forEach(m -> wanted.add(m.toLowerCase(Locale.ROOT)));
        Set<String> added = new TreeSet<>();
        Set<String> removed = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, String> member : current.entrySet()) {
            if (!wanted.contains(member.getKey())) {
                realm.users().get(member.getValue()).leaveGroup(groupId);
                removed.add(member.getKey());
            }
        }
        for (String username : wanted) {
            if (current.containsKey(username)) {
                continue;
            }
            Optional<UserRepresentation> user = realm.users().searchByUsername(username, true).stream()
                    .filter(u -> username.equalsIgnoreCase(u.getUsername())).findFirst();
            if (user.isEmpty()) {
                unknown.add(username);
                continue;
            }
            realm.users().get(user.get().getId()).joinGroup(groupId);
            added.add(username);
        }
        return new Provisioned(desired.name(), created, added, removed, unknown, false);
    }

    @Override
    public Provisioned remove(String groupName) {
        Optional<GroupRepresentation> existing = group(path(groupName));
        if (existing.isEmpty()) {
            return Provisioned.nothing(groupName);
        }
        String groupId = existing.get().getId();
        Set<String> removed = new TreeSet<>();
        // Members leave first, one by one, so access already ends if deleting the group itself fails.
        for (Map.Entry<String, String> member : members(groupId).entrySet()) {
            realm.users().get(member.getValue()).leaveGroup(groupId);
            removed.add(member.getKey());
        }
        try {
            realm.groups().group(groupId).remove();
        } catch (NotFoundException e) {
            // Removed meanwhile: the desired state holds.
        }
        return new Provisioned(groupName, false, Set.of(), removed, Set.of(), true);
    }

    /** The current members: username (lower case, as Keycloak stores it) to user id. */
    private Map<String, String> members(String groupId) {
        Map<String, String> members = new HashMap<>();
        GroupResource group = realm.groups().group(groupId);
        for (int first = 0; ; first += PAGE) {
            List<UserRepresentation> page = group.members(first, PAGE, true);
            page.forEach(u -> members.put(u.getUsername(), u.getId()));
            if (page.size() < PAGE) {
                return members;
            }
        }
    }

    private String parent() {
        Optional<GroupRepresentation> parent = group("/" + parentGroup);
        if (parent.isPresent()) {
            return parent.get().getId();
        }
        GroupRepresentation representation = new GroupRepresentation();
        representation.setName(parentGroup);
        try (Response response = realm.groups().add(representation)) {
            if (response.getStatus() != 201 && response.getStatus() != 409) {
                throw new IllegalStateException("Keycloak refused to create group " + parentGroup + ": HTTP " + response.getStatus());
            }
        }
        return group("/" + parentGroup).orElseThrow(() -> new IllegalStateException("group " + parentGroup + " vanished")).getId();
    }

    private String path(String name) {
        return "/" + parentGroup + "/" + name;
    }

    private Optional<GroupRepresentation> group(String path) {
        try {
            return Optional.of(realm.getGroupByPath(path));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}

package org.shuyu.controller.identity;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.TreeSet;

/**
 * Port: the identity provider's view of workspace membership (production: Keycloak groups; embedded: none).
 * Every operation is idempotent, so a reconciler can apply the same desired state again after any failure. The
 * platform never relies on it for its own decisions: its workspace gate reads the platform's state.
 */
public interface IdentityProvisioner {
    /** The names of the workspace groups the identity provider holds now. Throws when it cannot be reached. */
    Set<String> workspaceGroups();

    /** Makes the group exist with exactly {@code group.members()} as members. */
    Provisioned ensure(WorkspaceGroup group);

    /** Removes every member from the group, then the group itself; nothing to do if it does not exist. */
    Provisioned remove(String groupName);

    /** What one call changed. {@code unknownUsers}: members the identity provider has no account for. */
    record Provisioned(String group, boolean created, Set<String> added, Set<String> removed, Set<String> unknownUsers,
                       boolean deleted) {
        public Provisioned {
            requireNonNull(group, "group is null");
            added = Set.copyOf(new TreeSet<>(added));
            removed = Set.copyOf(new TreeSet<>(removed));
            unknownUsers = Set.copyOf(new TreeSet<>(unknownUsers));
        }

        public static Provisioned nothing(String group) {
            return new Provisioned(group, false, Set.of(), Set.of(), Set.of(), false);
        }

        public boolean changed() {
            return created || deleted || !added.isEmpty() || !removed.isEmpty();
        }

        public String describe() {
            StringBuilder s = new StringBuilder("group " + group);
            if (created) {
                s.append(" created");
            }
            if (!added.isEmpty()) {
                s.append("; added ").append(new TreeSet<>(added));
            }
            if (!removed.isEmpty()) {
                s.append("; removed ").append(new TreeSet<>(removed));
            }
            if (deleted) {
                s.append("; deleted");
            }
            if (!unknownUsers.isEmpty()) {
                s.append("; no account in the identity provider for ").append(new TreeSet<>(unknownUsers));
            }
            return s.toString();
        }
    }
}

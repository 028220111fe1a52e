package org.shuyu.controller.identity;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.TreeSet;

/**
 * The identity provider's group for one grant's workspace: a name derived from the grant id alone (so every pass
 * finds the same group) and the user ids that should be its members.
 */
public record WorkspaceGroup(String name, String grantId, Set<String> members) {
    /** Every workspace group's name starts with this; the identity provider keeps them under one parent. */
    public static final String PREFIX = "ws-";

    public WorkspaceGroup {
        requireNonNull(name, "name is null");
        requireNonNull(grantId, "grantId is null");
        if (!name.equals(nameFor(grantId))) {
            throw new IllegalArgumentException("workspace group of grant " + grantId + " must be named " + nameFor(grantId));
        }
        members = Set.copyOf(new TreeSet<>(members));
    }

    public static WorkspaceGroup of(String grantId, Set<String> members) {
        return new WorkspaceGroup(nameFor(grantId), grantId, members);
    }

    public static String nameFor(String grantId) {
        return PREFIX + requireNonNull(grantId, "grantId is null");
    }

    /** The grant a managed group belongs to. */
    public static String grantIdOf(String groupName) {
        if (!groupName.startsWith(PREFIX)) {
            throw new IllegalArgumentException(groupName + " is not a workspace group");
        }
        return groupName.substring(PREFIX.length());
    }
}

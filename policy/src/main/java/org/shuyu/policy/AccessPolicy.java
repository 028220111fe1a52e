package org.shuyu.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** An access policy: allows the access types on the resources. */
public record AccessPolicy(long id, String name, String description, List<PolicyResource> resources, List<String> users,
        List<AccessType> accessTypes) implements CompiledPolicy {
    public AccessPolicy {
        Names.nonBlank(name, "name");
        requireNonNull(description, "description is null");
        resources = List.copyOf(requireNonNull(resources, "resources is null"));
        users = List.copyOf(requireNonNull(users, "users is null"));
        accessTypes = List.copyOf(requireNonNull(accessTypes, "accessTypes is null"));
    }

    @Override
    public int rangerPolicyType() {
        return 0;
    }
}

package org.shuyu.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A row filter policy on one table: the users reading it get only the rows passing {@code filterExpr}. */
public record RowFilterPolicy(long id, String name, String description, List<PolicyResource> resources,
        List<String> users, List<AccessType> accessTypes, String filterExpr) implements CompiledPolicy {
    public RowFilterPolicy {
        Names.nonBlank(name, "name");
        requireNonNull(description, "description is null");
        resources = List.copyOf(requireNonNull(resources, "resources is null"));
        users = List.copyOf(requireNonNull(users, "users is null"));
        accessTypes = List.copyOf(requireNonNull(accessTypes, "accessTypes is null"));
        Names.nonBlank(filterExpr, "filterExpr");
    }

    @Override
    public int rangerPolicyType() {
        return 2;
    }
}

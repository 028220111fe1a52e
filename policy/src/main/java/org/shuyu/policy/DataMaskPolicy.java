package org.shuyu.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A data masking policy on one column: the users reading it get the mask. */
public record DataMaskPolicy(long id, String name, String description, List<PolicyResource> resources,
        List<String> users, List<AccessType> accessTypes, MaskType maskType) implements CompiledPolicy {
    public DataMaskPolicy {
        Names.nonBlank(name, "name");
        requireNonNull(description, "description is null");
        resources = List.copyOf(requireNonNull(resources, "resources is null"));
        users = List.copyOf(requireNonNull(users, "users is null"));
        accessTypes = List.copyOf(requireNonNull(accessTypes, "accessTypes is null"));
        requireNonNull(maskType, "maskType is null");
    }

    @Override
    public int rangerPolicyType() {
        return 1;
    }
}

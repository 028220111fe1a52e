package org.shuyu.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One resource of a policy: a resource name of the service definition ({@code database}, {@code table},
 * {@code column}, {@code url}) and the values it matches.
 *
 * @param recursive only for {@code url}: the policy also covers everything below the path
 * @param excludes  the resource matches every value except the listed ones (Ranger's {@code isExcludes})
 */
public record PolicyResource(String name, List<String> values, boolean recursive, boolean excludes) {
    public PolicyResource(String name, List<String> values, boolean recursive) {
        this(name, values, recursive, false);
    }

    public PolicyResource {
        requireNonNull(name, "name is null");
        values = List.copyOf(requireNonNull(values, "values is null"));
        if (values.isEmpty()) {
            throw new PolicyException(PolicyErrorCode.EMPTY_RESOURCE, "resource " + name + " has no value");
        }
    }

    static PolicyResource of(String name, String value) {
        return new PolicyResource(name, List.of(value), false);
    }
}

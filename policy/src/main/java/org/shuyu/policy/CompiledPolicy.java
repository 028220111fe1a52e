package org.shuyu.policy;

import java.util.List;

/**
 * One Ranger policy of a workspace's service, as compiled: an access, a data masking or a row filter policy. Every
 * policy allows exactly the listed access types to exactly the listed users on exactly the listed resources; the
 * compiler never emits deny items, groups or roles.
 */
public sealed interface CompiledPolicy permits AccessPolicy, DataMaskPolicy, RowFilterPolicy {

    /** Stable id, derived from the service name and the policy name. */
    long id();

    /** Stable name, unique within the service, e.g. {@code read-tax.payments}. */
    String name();

    String description();

    /** The resources, in the service definition's hierarchy order. */
    List<PolicyResource> resources();

    /** The users of the (single) policy item, sorted. */
    List<String> users();

    /** The allowed access types, in declaration order of {@link AccessType}. */
    List<AccessType> accessTypes();

    /** Ranger's {@code policyType}: 0 access, 1 data mask, 2 row filter. */
    int rangerPolicyType();
}

package org.shuyu.policy;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The compiled policies of one workspace's Ranger service (type {@code shuyu-spark}). Empty for an inactive
 * workspace: Ranger then denies everything.
 *
 * @param serviceName {@link PolicyCompiler#serviceName(String)} of the workspace id
 * @param workspaceId the workspace the service belongs to
 * @param policies    in a stable order; ids and names unique
 */
public record ServicePolicySet(String serviceName, String workspaceId, List<CompiledPolicy> policies) {
    public ServicePolicySet {
        Names.nonBlank(serviceName, "serviceName");
        Names.nonBlank(workspaceId, "workspaceId");
        policies = List.copyOf(requireNonNull(policies, "policies is null"));
        Set<Long> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (CompiledPolicy policy : policies) {
            if (!ids.add(policy.id()) || !names.add(policy.name())) {
                throw new PolicyException(PolicyErrorCode.DUPLICATE_POLICY,
                        "service " + serviceName + ": policy id " + policy.id()
                        + " or name " + policy.name() + " is not unique");
            }
        }
    }

    /**
     * SHA-256 (lowercase hex) of {@link #policiesJson(boolean) the canonical compact policies JSON}: no version,
     * no time, so it changes if and only if the policies change.
     */
    public String fingerprint() {
        return RangerJson.hex(RangerJson.sha256(policiesJson(false).getBytes(StandardCharsets.UTF_8)));
    }

    /** The policies as a JSON array of Ranger {@code RangerPolicy} objects, as embedded in {@link #toJson}. */
    public String policiesJson(boolean pretty) {
        return PolicyJson.write(RangerJson.policies(serviceName, policies), pretty);
    }

    /**
     * Ranger's {@code ServicePolicies} JSON (compact), as the plugin download API returns it: serviceName,
     * serviceId, policyVersion, policyUpdateTime (Ranger's {@code yyyyMMdd-HH:mm:ss.SSS-Z}, UTC), policies,
     * serviceDef (embedded from {@link ServiceDefinition#RESOURCE}) and auditMode.
     */
    public String toJson(long version, Instant updateTime) {
        return toJson(version, updateTime, false);
    }

    /** As {@link #toJson(long, Instant)}, pretty-printed when {@code pretty} (for golden files and humans). */
    public String toJson(long version, Instant updateTime, boolean pretty) {
        requireNonNull(updateTime, "updateTime is null");
        return RangerJson.servicePolicies(serviceName, policies, version, updateTime, pretty);
    }
}

package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The documented shape of a workspace's compiled policies: Apache Ranger's {@code ServicePolicies} JSON, as the
 * Spark plugin downloads it. The handler serves the policy module's JSON text unchanged (the plugin and the golden
 * files depend on it byte for byte); these records are the contract's description of it.
 */
final class PolicyDtos {
    private PolicyDtos() {}

    /** The policies of one workspace's Ranger service, with the service definition they refer to. */
    @Schema(name = "WorkspacePolicies")
    record WorkspacePoliciesDto(String serviceName, long serviceId, long policyVersion,
            @Schema(description = "Ranger's date format, e.g. 20261203-16:04:05.000-+0000") String policyUpdateTime,
            List<RangerPolicyDto> policies,
            @Schema(description = "Ranger's service definition of the platform's Spark service (fixed; see Apache "
                    + "Ranger's RangerServiceDef).") Map<String, Object> serviceDef,
            String auditMode) {}

    /** One Ranger policy: access, data mask or row filter (exactly one of the three item lists is present). */
    @Schema(name = "RangerPolicy")
    record RangerPolicyDto(long id, boolean isEnabled, long version, String service, String name,
            @Schema(description = "0 access, 1 data mask, 2 row filter") long policyType, long policyPriority,
            String description, boolean isAuditEnabled,
            @Schema(description = "Resource name (database, table, column, ...) to its values.")
            Map<String, RangerResourceDto> resources,
            List<RangerPolicyItemDto> policyItems, List<RangerPolicyItemDto> dataMaskPolicyItems,
            List<RangerPolicyItemDto> rowFilterPolicyItems, String serviceType, boolean isDenyAllElse) {}

    /** The values of one resource of a policy. */
    @Schema(name = "RangerResource")
    record RangerResourceDto(List<String> values, boolean isExcludes, boolean isRecursive) {}

    /** Who a policy applies to and what it allows, masks or filters. */
    @Schema(name = "RangerPolicyItem")
    record RangerPolicyItemDto(List<RangerAccessDto> accesses, List<String> users, List<String> groups,
            List<String> roles, List<Object> conditions, boolean delegateAdmin, RangerDataMaskDto dataMaskInfo,
            RangerRowFilterDto rowFilterInfo) {}

    /** An allowed access type. */
    @Schema(name = "RangerAccess")
    record RangerAccessDto(String type, boolean isAllowed) {}

    /** The mask of a data mask policy item. */
    @Schema(name = "RangerDataMask")
    record RangerDataMaskDto(String dataMaskType) {}

    /** The filter of a row filter policy item. */
    @Schema(name = "RangerRowFilter")
    record RangerRowFilterDto(String filterExpr) {}
}

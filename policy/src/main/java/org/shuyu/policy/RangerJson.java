package org.shuyu.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds Ranger's JSON shapes ({@code RangerPolicy}, {@code ServicePolicies}) from compiled policies. */
final class RangerJson {
    /**
     * Ranger's date format for {@code policyUpdateTime} (its JsonUtils parses dates with this SimpleDateFormat
     * pattern); written in UTC, e.g. {@code 20261127-06:52:25.123-+0000}.
     */
    static final DateTimeFormatter DATE_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS-Z").withZone(ZoneOffset.UTC);
    static final String AUDIT_MODE = "audit-default";

    private RangerJson() {}

    static List<Object> policies(String serviceName, List<CompiledPolicy> policies) {
        List<Object> list = new ArrayList<>(policies.size());
        for (CompiledPolicy policy : policies) {
            list.add(policy(serviceName, policy));
        }
        return list;
    }

    static Map<String, Object> policy(String serviceName, CompiledPolicy policy) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", policy.id());
        json.put("isEnabled", true);
        json.put("version", 1L);
        json.put("service", serviceName);
        json.put("name", policy.name());
        json.put("policyType", (long) policy.rangerPolicyType());
        json.put("policyPriority", 0L);
        json.put("description", policy.description());
        json.put("isAuditEnabled", true);
        Map<String, Object> resources = new LinkedHashMap<>();
        for (PolicyResource resource : policy.resources()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("values", resource.values());
            r.put("isExcludes", resource.excludes());
            r.put("isRecursive", resource.recursive());
            resources.put(resource.name(), r);
        }
        json.put("resources", resources);
        Map<String, Object> item = new LinkedHashMap<>();
        List<Object> accesses = new ArrayList<>();
        for (AccessType type : policy.accessTypes()) {
            Map<String, Object> access = new LinkedHashMap<>();
            access.put("type", type.rangerName());
            access.put("isAllowed", true);
            accesses.add(access);
        }
        item.put("accesses", accesses);
        item.put("users", policy.users());
        item.put("groups", List.of());
        item.put("roles", List.of());
        item.put("conditions", List.of());
        item.put("delegateAdmin", false);
        if (policy instanceof AccessPolicy) {
            json.put("policyItems", List.of(item));
        } else if (policy instanceof DataMaskPolicy mask) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dataMaskType", mask.maskType().rangerName());
            item.put("dataMaskInfo", info);
            json.put("dataMaskPolicyItems", List.of(item));
        } else if (policy instanceof RowFilterPolicy filter) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("filterExpr", filter.filterExpr());
            item.put("rowFilterInfo", info);
            json.put("rowFilterPolicyItems", List.of(item));
        } else {
            throw new IllegalStateException("unknown policy kind " + policy.getClass().getName());
        }
        json.put("serviceType", ServiceDefinition.NAME);
        json.put("isDenyAllElse", false);
        return json;
    }

    static String servicePolicies(String serviceName, List<CompiledPolicy> policies, long version, Instant updateTime,
                                  boolean pretty) {
        if (version < 0) {
            throw new PolicyException(PolicyErrorCode.INVALID_VERSION, "version must not be negative, was " + version);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("serviceName", serviceName);
        json.put("serviceId", serviceId(serviceName));
        json.put("policyVersion", version);
        json.put("policyUpdateTime", DATE_FORMAT.format(updateTime));
        json.put("policies", policies(serviceName, policies));
        json.put("serviceDef", ServiceDefinition.parsed());
        json.put("auditMode", AUDIT_MODE);
        return PolicyJson.write(json, pretty);
    }

    /** A stable positive id below 2^53 (safe in any JSON reader) for a service, derived from its name. */
    static long serviceId(String serviceName) {
        return stableId("service\n" + serviceName);
    }

    /** A stable positive id below 2^53 for a policy, derived from its service and name. */
    static long policyId(String serviceName, String policyName) {
        return stableId("policy\n" + serviceName + "\n" + policyName);
    }

    private static long stableId(String key) {
        byte[] digest = sha256(key.getBytes(StandardCharsets.UTF_8));
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = (id << 8) | (digest[i] & 0xff);
        }
        id &= (1L << 53) - 1;
        return id == 0 ? 1 : id;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }
}

package org.shuyu.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.ranger.admin.client.AbstractRangerAdminClient;
import org.apache.ranger.authorization.utils.JsonUtils;
import org.apache.ranger.plugin.util.ServicePolicies;

/**
 * The Ranger policy source of the benchmark ({@code ranger.plugin.shuyu-spark.policy.source.impl}): serves a
 * compiled ServicePolicies JSON, parsed with Ranger's JsonUtils as a downloaded document would be. Ranger creates
 * it by class name with no arguments, hence the static map.
 */
public class StaticPolicySource extends AbstractRangerAdminClient {
    private static final Map<String, String> JSON = new ConcurrentHashMap<>();

    private String serviceName;

    static void serve(String serviceName, String json) {
        JSON.put(serviceName, json);
    }

    @Override
    public void init(String serviceName, String appId, String configPropertyPrefix, Configuration config) {
        super.init(serviceName, appId, configPropertyPrefix, config);
        this.serviceName = serviceName;
    }

    @Override
    public ServicePolicies getServicePoliciesIfUpdated(long lastKnownVersion, long lastActivationTimeInMillis) {
        String json = JSON.get(serviceName);
        if (json == null) {
            throw new IllegalStateException("no policies for " + serviceName);
        }
        ServicePolicies policies = JsonUtils.jsonToObject(json, ServicePolicies.class);
        return policies != null && policies.getPolicyVersion() > lastKnownVersion ? policies : null;
    }
}

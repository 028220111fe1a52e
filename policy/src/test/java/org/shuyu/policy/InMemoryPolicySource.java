package org.shuyu.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ranger.admin.client.AbstractRangerAdminClient;
import org.apache.ranger.authorization.utils.JsonUtils;
import org.apache.ranger.plugin.util.ServicePolicies;
import org.apache.hadoop.conf.Configuration;

/**
 * A Ranger policy source (set as {@code ranger.plugin.shuyu-spark.policy.source.impl}) that serves the JSON put
 * here for a service, parsed with Ranger's own JsonUtils, exactly as a plugin downloading it would: a document is
 * returned only when its policyVersion is newer than the plugin's. Ranger instantiates it by class name with no
 * arguments, hence the static map (tests only).
 */
public class InMemoryPolicySource extends AbstractRangerAdminClient {
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
            throw new IllegalStateException("no policies served for " + serviceName);
        }
        ServicePolicies policies = JsonUtils.jsonToObject(json, ServicePolicies.class);
        if (policies == null) {
            throw new IllegalStateException("unparseable policies for " + serviceName);
        }
        return policies.getPolicyVersion() != null && policies.getPolicyVersion() > lastKnownVersion ? policies : null;
    }
}

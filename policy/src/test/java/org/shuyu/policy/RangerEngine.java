package org.shuyu.policy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.ranger.authorization.hadoop.config.RangerPluginConfig;
import org.apache.ranger.plugin.policyengine.RangerAccessRequestImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResourceImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;
import org.apache.ranger.plugin.service.RangerBasePlugin;

/**
 * The real Ranger 2.9.0 plugin engine, started without any admin server: the policy source is
 * {@link InMemoryPolicySource}, no cache directory, no audit destination.
 */
final class RangerEngine implements AutoCloseable {
    static final String APP_ID = "shuyu-policy-test";

    private final RangerBasePlugin plugin;

    private RangerEngine(RangerBasePlugin plugin) {
        this.plugin = plugin;
    }

    /** Starts a plugin for the service and loads {@code json} (a ServicePolicies document) through the source. */
    static RangerEngine load(String serviceName, String json) {
        InMemoryPolicySource.serve(serviceName, json);
        return start(serviceName);
    }

    /** Starts a plugin for the service with whatever the source serves (it throws for an unknown service). */
    static RangerEngine start(String serviceName) {
        String prefix = "ranger.plugin." + ServiceDefinition.NAME;
        Properties properties = new Properties();
        properties.setProperty(prefix + ".service.name", serviceName);
        properties.setProperty(prefix + ".policy.source.impl", InMemoryPolicySource.class.getName());
        properties.setProperty(prefix + ".policy.pollIntervalMs", "3600000");
        RangerPluginConfig config = new RangerPluginConfig(ServiceDefinition.NAME, serviceName, APP_ID, properties);
        RangerBasePlugin plugin = new RangerBasePlugin(config);
        plugin.init();
        return new RangerEngine(plugin);
    }

    /** Serves a new document and makes the plugin fetch it now (as its poll timer would). */
    void reload(String json) {
        InMemoryPolicySource.serve(plugin.getServiceName(), json);
        plugin.refreshPoliciesAndTags();
    }

    long policyVersion() {
        return plugin.getPoliciesVersion();
    }

    boolean allowed(String user, String accessType, Map<String, String> resource) {
        RangerAccessResult result = plugin.isAccessAllowed(request(user, accessType, resource));
        return result != null && result.getIsAllowed();
    }

    boolean canSelect(String user, String database, String table, String column) {
        return allowed(user, "select", Map.of("database", database, "table", table, "column", column));
    }

    boolean onDatabase(String user, String accessType, String database) {
        return allowed(user, accessType, Map.of("database", database));
    }

    boolean onTable(String user, String accessType, String database, String table) {
        return allowed(user, accessType, Map.of("database", database, "table", table));
    }

    boolean onUrl(String user, String accessType, String url) {
        return allowed(user, accessType, Map.of("url", url));
    }

    /** The Ranger mask type name for the column, or null when it is not masked. */
    String maskType(String user, String database, String table, String column) {
        RangerAccessResult result = plugin.evalDataMaskPolicies(
                request(user, "select", Map.of("database", database, "table", table, "column", column)), null);
        return result != null && result.isMaskEnabled() ? result.getMaskType() : null;
    }

    /** The row filter expression for the table, or null when there is none. */
    String rowFilter(String user, String database, String table) {
        RangerAccessResult result = plugin.evalRowFilterPolicies(
                request(user, "select", Map.of("database", database, "table", table)), null);
        return result != null && result.isRowFilterEnabled() ? result.getFilterExpr() : null;
    }

    RangerBasePlugin plugin() {
        return plugin;
    }

    static RangerAccessRequestImpl request(String user, String accessType, Map<String, String> resource) {
        RangerAccessResourceImpl r = new RangerAccessResourceImpl();
        resource.forEach(r::setValue);
        RangerAccessRequestImpl request = new RangerAccessRequestImpl(r, accessType, user, Set.of(), Set.of());
        request.setAction(accessType);
        return request;
    }

    static List<String> accessTypes() {
        return List.of("select", "update", "create", "drop", "alter", "read", "write");
    }

    @Override
    public void close() {
        plugin.cleanup();
    }
}

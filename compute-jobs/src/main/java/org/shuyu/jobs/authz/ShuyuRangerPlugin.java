package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.util.Properties;
import org.apache.ranger.authorization.hadoop.config.RangerPluginConfig;
import org.apache.ranger.plugin.service.RangerBasePlugin;
import org.apache.ranger.plugin.util.ServicePolicies;
import org.shuyu.policy.ServiceDefinition;

/**
 * The Ranger plugin of one job: service type {@code shuyu-spark}, one service (the workspace's), policies from
 * {@link PolicyDownloadClient} only. Reports every policy version the engine actually switches to, so
 * {@link PolicyFreshness} never vouches for a version that failed to build.
 *
 * <p>Configuration (all set here, no ranger-*.xml is read):
 * <ul>
 *   <li>{@code ranger.plugin.shuyu-spark.service.name} = the workspace's service;</li>
 *   <li>{@code ranger.plugin.shuyu-spark.policy.source.impl} = {@link PolicyDownloadClient} (the instance is handed
 *       over through the plugin context, so Ranger never falls back to its REST client);</li>
 *   <li>{@code ranger.plugin.shuyu-spark.policy.pollIntervalMs} = the poll interval;</li>
 *   <li>{@code ranger.plugin.shuyu-spark.policy.cache.dir} deliberately unset: with no cache directory Ranger
 *       neither reads nor writes a policy cache file, so a job never starts from stale cached policies;</li>
 *   <li>{@code xasecure.audit.is.enabled=false} and no result processor: Ranger's own audit is off (the platform's
 *       audit log records refusals).</li>
 * </ul>
 */
public final class ShuyuRangerPlugin extends RangerBasePlugin {
    public static final String SERVICE_TYPE = ServiceDefinition.NAME;
    public static final String APP_ID = "shuyu-job";
    static final String PREFIX = "ranger.plugin." + SERVICE_TYPE;

    private final PolicyFreshness freshness;

    private ShuyuRangerPlugin(RangerPluginConfig config, PolicyFreshness freshness) {
        super(config);
        this.freshness = requireNonNull(freshness, "freshness is null");
    }

    /** Creates the plugin, downloads the first policies (synchronously) and starts polling. */
    public static ShuyuRangerPlugin start(String serviceName, long pollMillis, PolicyDownloadClient source,
                                          PolicyFreshness freshness) {
        if (pollMillis < 100) {
            throw new IllegalArgumentException("policy poll interval below 100 ms: " + pollMillis);
        }
        Properties properties = new Properties();
        properties.setProperty(PREFIX + ".service.name", serviceName);
        properties.setProperty(PREFIX + ".policy.source.impl", PolicyDownloadClient.class.getName());
        properties.setProperty(PREFIX + ".policy.pollIntervalMs", Long.toString(pollMillis));
        properties.setProperty("xasecure.audit.is.enabled", "false");
        properties.setProperty(PREFIX + ".is.fallback.supported", "false");
        RangerPluginConfig config = new RangerPluginConfig(SERVICE_TYPE, serviceName, APP_ID, properties);
        if (config.get(PREFIX + ".policy.cache.dir") != null) {
            throw new IllegalStateException("a Ranger policy cache directory must not be configured");
        }
        ShuyuRangerPlugin plugin = new ShuyuRangerPlugin(config, freshness);
        plugin.getPluginContext().setAdminClient(source);
        source.init(serviceName, APP_ID, PREFIX, config);
        plugin.init();
        return plugin;
    }

    @Override
    public void setPolicies(ServicePolicies policies) {
        if (policies != null && (policies.getPolicies() == null || policies.getPolicies().isEmpty())
                && policies.getPolicyDeltas() != null && policies.getPolicyDeltas().isEmpty()) {
            // A complete set with zero policies (a revoked or suspended workspace). With an empty (rather than
            // absent) delta list Ranger 2.9.0 reads it as "no material change" and keeps the OLD engine, i.e. the
            // revoked grants; without a delta list it builds a new, empty engine that denies everything.
            policies.setPolicyDeltas(null);
        }
        super.setPolicies(policies);
        if (policies != null && policies.getPolicyVersion() != null
                && getPoliciesVersion() == policies.getPolicyVersion()) {
            freshness.applied(policies.getPolicyVersion());
        }
    }
}

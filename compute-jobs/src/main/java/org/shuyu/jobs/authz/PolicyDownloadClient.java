package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.ranger.admin.client.AbstractRangerAdminClient;
import org.apache.ranger.authorization.utils.JsonUtils;
import org.apache.ranger.plugin.util.ServicePolicies;
import org.shuyu.policy.ServiceDefinition;

/**
 * The Ranger policy source of a job: downloads the workspace's policies from the controller with Ranger's plugin
 * protocol, {@code GET {policyUrl}/service/plugins/policies/download/{serviceName}?lastKnownVersion=N
 * &lastActivationTime=T&pluginId=...} with {@code Authorization: Bearer <runtime token>}.
 * 200 = new policies, 304 = unchanged (returns null, as Ranger expects), anything else = failure (thrown, so
 * Ranger keeps its engine, and {@link PolicyFreshness} stops vouching for it once it is too old).
 *
 * <p>It is handed to the plugin through its context rather than instantiated by Ranger from
 * {@code ranger.plugin.shuyu-spark.policy.source.impl}, so it can carry the URL, token and freshness tracker
 * without static state.
 */
public final class PolicyDownloadClient extends AbstractRangerAdminClient {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PolicyDownloadClient.class);

    private volatile boolean failing;
    private final URI policyUrl;
    private final String serviceName;
    private final String pluginId;
    private final String token;
    private final PolicyFreshness freshness;
    private final HttpClient http;
    private final Duration timeout;

    public PolicyDownloadClient(URI policyUrl, String serviceName, String pluginId, String token,
                                PolicyFreshness freshness, Duration timeout) {
        this.policyUrl = requireNonNull(policyUrl, "policyUrl is null");
        this.serviceName = requireNonNull(serviceName, "serviceName is null");
        this.pluginId = requireNonNull(pluginId, "pluginId is null");
        this.token = requireNonNull(token, "token is null");
        this.freshness = requireNonNull(freshness, "freshness is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public void init(String serviceName, String appId, String configPropertyPrefix, Configuration config) {
        super.init(serviceName, appId, configPropertyPrefix, config);
    }

    @Override
    public ServicePolicies getServicePoliciesIfUpdated(long lastKnownVersion, long lastActivationTimeInMillis)
            throws Exception {
        URI uri = downloadUri(lastKnownVersion, lastActivationTimeInMillis);
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            fail("policy server unreachable: " + e.getClass().getSimpleName());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            freshness.failed("policy download interrupted");
            throw e;
        }
        int status = response.statusCode();
        if (status == 304) {
            freshness.unchanged();
            recovered();
            return null;
        }
        if (status != 200) {
            fail("policy server answered HTTP " + status);
            throw new IOException("policy download for " + serviceName + " failed: HTTP " + status);
        }
        ServicePolicies policies = parse(response.body());
        freshness.downloaded(policies.getPolicyVersion());
        recovered();
        return policies;
    }

    private void fail(String reason) {
        freshness.failed(reason);
        if (!failing) {
            failing = true;
            LOG.warn("Policy download for {} failing: {}", serviceName, reason);
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.info("Policy download for {} working again", serviceName);
        }
    }

    private ServicePolicies parse(String body) throws IOException {
        ServicePolicies policies;
        try {
            policies = JsonUtils.jsonToObject(body, ServicePolicies.class);
        } catch (RuntimeException e) {
            policies = null;
        }
        if (policies == null || policies.getPolicyVersion() == null) {
            fail("policy server sent an unreadable policy document");
            throw new IOException("unreadable policy document for " + serviceName);
        }
        if (!serviceName.equals(policies.getServiceName())) {
            fail("policy server sent policies of another service");
            throw new IOException("policies of service " + policies.getServiceName() + " sent for " + serviceName);
        }
        if (policies.getServiceDef() == null || !ServiceDefinition.NAME.equals(policies.getServiceDef().getName())) {
            fail("policy document does not embed the " + ServiceDefinition.NAME + " service definition");
            throw new IOException("policy document for " + serviceName + " lacks the " + ServiceDefinition.NAME
                    + " service definition");
        }
        return policies;
    }

    URI downloadUri(long lastKnownVersion, long lastActivationTimeInMillis) {
        String base = policyUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/service/plugins/policies/download/" + encode(serviceName)
                + "?lastKnownVersion=" + lastKnownVersion + "&lastActivationTime=" + lastActivationTimeInMillis
                + "&pluginId=" + encode(pluginId));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

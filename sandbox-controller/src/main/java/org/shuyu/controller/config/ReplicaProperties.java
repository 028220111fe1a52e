package org.shuyu.controller.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Several controller replicas on one database ({@code sandbox.replica.*}, docs/replicas.md). {@code id} names this
 * replica in leases, logs and the audit (default: host name and process id); {@code cluster} names the set of
 * replicas that share one leader (replicas of one deployment share it; the default suits one deployment per
 * database). The leader lease lasts {@code lease-duration} and is renewed every {@code renew-interval} (at most half
 * of it); dead replicas' jobs, engines and admission tickets are settled by the leader every {@code sweep-interval}.
 */
@Validated
@ConfigurationProperties("sandbox.replica")
public record ReplicaProperties(
        String id,
        @DefaultValue("shuyu") String cluster,
        @DefaultValue("15s") Duration leaseDuration,
        @DefaultValue("3s") Duration renewInterval,
        @DefaultValue("10s") Duration sweepInterval) {

    /** The replica id: the configured one, else {@code <host>-<pid>}. */
    public String replicaId() {
        if (id != null && !id.isBlank()) {
            return id;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    public String clusterName() {
        return cluster == null || cluster.isBlank() ? "shuyu" : cluster;
    }
}

package org.shuyu.controller.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import org.shuyu.controller.job.ControllerIncarnation;
import org.shuyu.controller.replica.LeaseStore;
import org.shuyu.controller.replica.Leadership;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This process among the controller replicas: its heartbeat and the leader lease (docs/replicas.md). */
@Configuration(proxyBeanMethods = false)
public class ReplicaConfiguration {
    @Bean(initMethod = "start", destroyMethod = "close")
    Leadership leadership(LeaseStore leases, ReplicaProperties properties, ControllerIncarnation incarnation,
            @Value("${spring.datasource.url:}") String databaseUrl) {
        return new Leadership(leases, properties.replicaId(), incarnation.id(), properties.clusterName(), properties.leaseDuration(),
                properties.renewInterval()).soleProcess(soleProcess(databaseUrl));
    }

    /**
     * An H2 file database opened in embedded mode is locked by one process: any other lease belongs to a process that
     * died. In-memory, server and AUTO_SERVER databases may be shared, so they are not.
     */
    static boolean soleProcess(String databaseUrl) {
        String url = databaseUrl.toLowerCase(Locale.ROOT);
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:") && !url.startsWith("jdbc:h2:tcp:")
                && !url.startsWith("jdbc:h2:ssl:") && !url.contains("auto_server=true");
    }

    /** {@code shuyu.replica.leader} (1 on the leader, else 0) and {@code shuyu.replica.elections}: names and counts only. */
    @Bean
    MeterBinder replicaMetrics(Leadership leadership) {
        return registry -> {
            Gauge.builder("shuyu.replica.leader", leadership, l -> l.isLeader() ? 1 : 0)
                    .description("1 while this replica holds the leader lease").register(registry);
            Gauge.builder("shuyu.replica.elections", leadership, Leadership::timesElected)
                    .description("times this replica became leader since it started").register(registry);
        };
    }
}

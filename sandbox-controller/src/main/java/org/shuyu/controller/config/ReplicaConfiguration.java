package org.shuyu.controller.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.shuyu.controller.job.ControllerIncarnation;
import org.shuyu.controller.replica.LeaseStore;
import org.shuyu.controller.replica.Leadership;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This process among the controller replicas: its heartbeat and the leader lease (docs/replicas.md). */
@Configuration(proxyBeanMethods = false)
public class ReplicaConfiguration {
    @Bean(initMethod = "start", destroyMethod = "close")
    Leadership leadership(LeaseStore leases, ReplicaProperties properties, ControllerIncarnation incarnation) {
        return new Leadership(leases, properties.replicaId(), incarnation.id(), properties.clusterName(), properties.leaseDuration(),
                properties.renewInterval());
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

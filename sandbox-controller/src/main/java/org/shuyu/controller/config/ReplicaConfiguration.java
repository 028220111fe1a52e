package org.shuyu.controller.config;

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
}

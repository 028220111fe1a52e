package org.shuyu.controller.adapter.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Optional;
import org.shuyu.controller.config.KubernetesExecutorProperties;
import org.shuyu.controller.config.KubernetesProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.grant.RetainedDirectories;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The Kubernetes adapters, active with {@code sandbox.workspaces.provisioner=kubernetes} (and the matching
 * {@code sandbox.jobs.launcher=kubernetes}, checked by InsecureSettingsCheck). The client configures itself: inside a
 * pod from its service account (the Helm chart's {@code shuyu-controller}), elsewhere from {@code KUBECONFIG}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sandbox.workspaces.provisioner", havingValue = "kubernetes")
public class KubernetesConfiguration {

    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().build();
    }

    @Bean
    ObjectApplier objectApplier(KubernetesProperties settings, KubernetesClient client) {
        return ObjectApplier.of(settings.apply(), client);
    }

    @Bean
    KubernetesWorkspaceProvisioner kubernetesWorkspaceProvisioner(KubernetesClient client, KubernetesProperties settings,
            KubernetesExecutorProperties executors, ObjectApplier applier, RetainedDirectories local, SandboxProperties properties) {
        return new KubernetesWorkspaceProvisioner(client, settings, executors, applier, local, Optional.of(properties.dataDir()));
    }

    /** Takes the place of the local directory deletion for grants' deletion records (R-17a). */
    @Bean
    @Primary
    KubernetesRetainedData kubernetesRetainedData(KubernetesWorkspaceProvisioner provisioner) {
        return new KubernetesRetainedData(provisioner);
    }

    @Bean(destroyMethod = "shutdown")
    @ConditionalOnProperty(name = "sandbox.jobs.launcher", havingValue = "kubernetes")
    KubernetesJobLauncher kubernetesJobLauncher(KubernetesClient client, KubernetesProperties settings,
            KubernetesExecutorProperties executors, SandboxProperties properties) {
        return new KubernetesJobLauncher(client, settings, executors, properties);
    }

    /** Warm workspace engines as pods with a Service in their workspace's namespace (docs/engines.md). */
    @Bean
    @ConditionalOnProperty(name = "sandbox.jobs.launcher", havingValue = "kubernetes")
    KubernetesEngineLauncher kubernetesEngineLauncher(KubernetesClient client, KubernetesProperties settings,
            KubernetesExecutorProperties executors, SandboxProperties properties) {
        return new KubernetesEngineLauncher(client, settings, executors, properties);
    }
}

package org.shuyu.controller.engine;

import java.time.Clock;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.EngineProperties;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.job.ControllerIncarnation;
import java.util.List;
import org.shuyu.controller.job.JobLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engines' service. Admission comes from an {@link EngineAdmission} bean when the integration provides one (over
 * the admission service); without one, engines are limited only by their own cores and memory (logged at startup).
 */
@Configuration(proxyBeanMethods = false)
class EngineWiring {
    private static final Logger log = LoggerFactory.getLogger(EngineWiring.class);

    @Bean
    WorkspaceEngines workspaceEngines(EngineLauncher launcher, EngineControl control, EngineStore store,
            ObjectProvider<EngineAdmission> admission, EngineWorkspaces workspaces, AuditLog audit,
            PlatformTransactionManager transactions, ControllerIncarnation incarnation, IdGenerator ids, Clock clock,
            EngineProperties settings, SandboxProperties properties) {
        EngineAdmission chosen = admission.getIfAvailable(() -> {
            log.warn("no admission service is wired for engines: each engine is limited only by sandbox.engines.cores"
                    + " and memory-mb");
            return EngineAdmission.unlimited();
        });
        return new WorkspaceEngines(launcher, control, store, chosen, workspaces, audit, new TransactionTemplate(transactions),
                incarnation, ids, clock, settings, properties.jobs().previewMaxRows());
    }

    /**
     * Batch jobs on a warm engine: the job launcher everyone gets, over the cold one ({@code launchers} holds the cold
     * launcher only: a bean is never injected into itself).
     */
    @Bean(destroyMethod = "shutdown")
    @Primary
    @ConditionalOnProperty(name = "sandbox.engines.batch-on-warm-engine", havingValue = "true", matchIfMissing = true)
    WarmEngineJobLauncher warmEngineJobLauncher(List<JobLauncher> launchers, ObjectProvider<WorkspaceEngines> engines,
            EngineControl control, SandboxProperties properties, Environment environment) {
        if (launchers.size() != 1) {
            throw new IllegalStateException("expected one cold job launcher, found " + launchers.size());
        }
        SandboxProperties.Jobs jobs = properties.jobs();
        return new WarmEngineJobLauncher(launchers.get(0), engines::getObject, control,
                () -> jobs.policyUrl() != null && !jobs.policyUrl().isBlank() ? jobs.policyUrl()
                        : "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080"),
                jobs.policyPollMillis(), jobs.policyMaxStalenessMillis(), jobs.timeout());
    }
}

package org.shuyu.controller.adapter.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.LogContext;
import org.shuyu.controller.lineage.LineageIngest;
import org.shuyu.lineage.LineageEvent;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The job runtime reports each statement's lineage here (docs/lineage-capture.md): START before the statement runs,
 * then COMPLETE or FAIL. 204 means stored durably (the statement may run); a repeated event is acknowledged again.
 * Callable only with the runtime credential of the running job the path names.
 */
@RestController
class LineageIngestController {
    private final LineageIngest lineage;
    private final MeterRegistry registry;

    LineageIngestController(LineageIngest lineage, MeterRegistry registry) {
        this.lineage = lineage;
        this.registry = registry;
    }

    @PostMapping(value = "/service/lineage/jobs/{jobId}/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> record(@PathVariable String jobId, @RequestBody LineageEvent event) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof RuntimeCredentialFilter.RuntimeAuthentication runtime)) {
            throw new SandboxException(ErrorCode.RUNTIME_CREDENTIAL_INVALID, "a running job's runtime credential is required");
        }
        Job job = runtime.job();
        if (!job.id().equals(jobId)) {
            throw new SandboxException(ErrorCode.RUNTIME_CREDENTIAL_SCOPE, "the credential of job " + job.id()
                    + " cannot report lineage for job " + jobId);
        }
        // Issue 19: the job and workspace in every log line of this call; the append timed by phase and outcome.
        try (LogContext.Scope run = LogContext.ofRun(job.id(), job.workspaceId())) {
            long start = System.nanoTime();
            String outcome = "refused";
            try {
                lineage.record(job, event);
                outcome = "stored";
            } finally {
                Timer.builder("shuyu.lineage.append").description("Time to check and store one lineage event of a run")
                        .tag("phase", event.phase().name()).tag("outcome", outcome).publishPercentileHistogram()
                        .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }
        return ResponseEntity.noContent().build();
    }
}

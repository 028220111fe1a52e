package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.shuyu.controller.audit.Sha256;
import org.springframework.stereotype.Component;

/**
 * The one question others ask about runtime credentials: which running job holds this one, if it is still valid.
 * The policy download and lineage endpoints authenticate the job runtime with it; the job store stays private to jobs.
 */
@Component
public class JobCredentials {
    private final JobStore store;
    private final JobAccessGuard accessGuard;

    public JobCredentials(JobStore store, JobAccessGuard accessGuard) {
        this.store = requireNonNull(store, "store is null");
        this.accessGuard = requireNonNull(accessGuard, "accessGuard is null");
    }

    /** The job behind a runtime credential, if the credential is valid (its job is running under this incarnation). */
    public Optional<Job> runningJob(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) {
            return Optional.empty();
        }
        // A closed grant or workspace, or a removed member, kills the credential the moment the change commits,
        // before the job itself is stopped (JobAccessGuard).
        return store.runningByTokenHash(Sha256.hex(bearerToken)).filter(job -> !accessGuard.revoked(job.id()));
    }
}

package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.workspace.WorkspaceService;
import org.springframework.stereotype.Service;

/**
 * What a caller may read of jobs: one job, its log, a workspace's jobs and metered use. A job the caller may not see
 * answers NOT_FOUND, as one that does not exist.
 */
@Service
public class JobQueries {
    /** The most of a job's log that is returned, from its end. */
    private static final int MAX_LOG_BYTES = 1 << 20;

    private final JobStore store;
    private final JobLauncher launcher;
    private final WorkspaceService workspaces;

    public JobQueries(JobStore store, JobLauncher launcher, WorkspaceService workspaces) {
        this.store = requireNonNull(store, "store is null");
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
    }

    public Job get(Actor actor, String jobId) {
        Job job = store.find(jobId).orElseThrow(() -> SandboxException.notFound("job", jobId));
        requireReadable(actor, job);
        return job;
    }

    /** The job's log so far (stdout and stderr of its runtime), at most 1 MiB from its end. */
    public String log(Actor actor, String jobId) {
        Job job = get(actor, jobId);
        return launcher.log(workspaces.layout(job.workspaceId()).jobs(), job.id(), MAX_LOG_BYTES).orElse("");
    }

    public List<Job> list(Actor actor, String workspaceId, int limit) {
        workspaces.get(actor, workspaceId);
        // The web adapter pages the list (limit 1-1000 per page) and asks for everything up to the end of the page.
        if (limit < 1) {
            throw SandboxException.invalid("limit must be at least 1");
        }
        return store.inWorkspace(workspaceId, limit);
    }

    public JobStore.Usage usage(Actor actor, String workspaceId) {
        workspaces.get(actor, workspaceId);
        return store.usage(workspaceId);
    }

    void requireReadable(Actor actor, Job job) {
        // Not-found rather than forbidden: others may not learn that the job exists.
        workspaces.subject(job.workspaceId()).filter(s -> workspaces.mayRead(actor, s))
                .orElseThrow(() -> SandboxException.notFound("job", job.id()));
    }
}

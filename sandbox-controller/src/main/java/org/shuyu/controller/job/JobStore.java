package org.shuyu.controller.job;

import java.util.List;
import java.util.Optional;

/** Port: persistence of jobs and their runtime credentials (stored as SHA-256 only). */
public interface JobStore {
    void insert(Job job, String runtimeTokenHash);

    void update(Job job);

    /** Forgets the job's runtime credential: it stops working at once. */
    void clearRuntimeToken(String jobId);

    Optional<Job> find(String id);

    Optional<Job> lock(String id);

    /**
     * The running job holding this credential, if any, and only if this controller incarnation or another live replica
     * runs it (docs/replicas.md): a job left running by a dead incarnation (its heartbeat expired, or an earlier
     * incarnation of an embedded controller) has a dead credential.
     */
    Optional<Job> runningByTokenHash(String tokenHash);

    /** The runtime process of the job has started with this process id (on this host), under this incarnation. */
    void recordProcess(String jobId, long pid);

    /** The process id recorded for the job's runtime, if any. */
    Optional<Long> pid(String jobId);

    /** Unfinished jobs that an earlier controller incarnation queued or ran: leftovers of a crash or restart. */
    List<Job> unfinishedOfEarlierIncarnations();

    List<Job> inWorkspace(String workspaceId, int limit);

    List<Job> unfinished();

    /** Totals over the workspace's finished jobs: count, CPU seconds, max peak memory, wall millis. */
    Usage usage(String workspaceId);

    record Usage(long jobs, double cpuSeconds, long peakMemoryBytes, long wallMillis) {}
}

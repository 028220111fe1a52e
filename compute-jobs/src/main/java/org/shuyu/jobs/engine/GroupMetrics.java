package org.shuyu.jobs.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.shuyu.runtime.contract.EngineStatementState;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Per statement (Spark job group) figures: CPU seconds of its tasks (a listener summing {@code executorCpuTime} of
 * every finished task, attributed through the job group its job was started in) and progress (stages and tasks from
 * Spark's status tracker). Only groups the engine {@link #track}s are counted; {@link #forget} drops one.
 */
public final class GroupMetrics extends SparkListener {
    private static final String JOB_GROUP = "spark.jobGroup.id";
    private static final String JOB_TAGS = "spark.job.tags";

    private final Map<String, AtomicLong> cpuNanos = new ConcurrentHashMap<>();
    private final Map<Integer, String> stageGroups = new ConcurrentHashMap<>();

    public void track(String group) {
        cpuNanos.putIfAbsent(group, new AtomicLong());
    }

    /** CPU seconds of the group's finished tasks so far. */
    public double cpuSeconds(String group) {
        AtomicLong nanos = cpuNanos.get(group);
        return nanos == null ? 0 : nanos.get() / 1e9;
    }

    public void forget(String group) {
        cpuNanos.remove(group);
        stageGroups.values().removeIf(group::equals);
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        String group = jobStart.properties() == null ? null : jobStart.properties().getProperty(JOB_GROUP);
        if (group == null || !cpuNanos.containsKey(group)) {
            group = taggedKey(jobStart.properties() == null ? null : jobStart.properties().getProperty(JOB_TAGS));
            if (group == null) {
                return;
            }
        }
        for (Object stage : CollectionConverters.asJava(jobStart.stageIds())) {
            stageGroups.put((Integer) stage, group);
        }
    }

    /** A tracked key one of the job's tags ends with (Spark Connect tags its jobs with the operation id). */
    private String taggedKey(String tags) {
        if (tags == null || tags.isEmpty()) {
            return null;
        }
        for (String tag : tags.split(",")) {
            for (String key : cpuNanos.keySet()) {
                if (tag.endsWith(key)) {
                    return key;
                }
            }
        }
        return null;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        String group = stageGroups.get(taskEnd.stageId());
        TaskMetrics metrics = taskEnd.taskMetrics();
        if (group == null || metrics == null) {
            return;
        }
        AtomicLong nanos = cpuNanos.get(group);
        if (nanos != null) {
            nanos.addAndGet(metrics.executorCpuTime());
        }
    }

    /** Stages and tasks of the group's jobs so far (Spark keeps a bounded history; old jobs may be gone). */
    public static EngineStatementState.Progress progress(JavaSparkStatusTracker tracker, String group) {
        int stagesTotal = 0;
        int stagesDone = 0;
        int tasksTotal = 0;
        int tasksDone = 0;
        for (int jobId : tracker.getJobIdsForGroup(group)) {
            SparkJobInfo job = tracker.getJobInfo(jobId);
            if (job == null) {
                continue;
            }
            for (int stageId : job.stageIds()) {
                stagesTotal++;
                SparkStageInfo stage = tracker.getStageInfo(stageId);
                if (stage == null) {
                    continue;
                }
                tasksTotal += stage.numTasks();
                tasksDone += stage.numCompletedTasks();
                if (stage.numTasks() > 0 && stage.numCompletedTasks() >= stage.numTasks()) {
                    stagesDone++;
                }
            }
        }
        return new EngineStatementState.Progress(stagesTotal, stagesDone, tasksTotal, tasksDone);
    }
}

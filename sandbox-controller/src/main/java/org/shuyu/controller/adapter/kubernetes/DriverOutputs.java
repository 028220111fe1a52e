package org.shuyu.controller.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.shuyu.controller.job.JobLauncher.Outcome;
import org.shuyu.controller.job.JobLauncher.Usage;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.job.RuntimeOutcomes;
import org.shuyu.runtime.contract.RuntimeFiles;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeMetrics;
import org.shuyu.runtime.contract.RuntimeStatus;
import org.shuyu.runtime.contract.SnapshotReport;

/**
 * A driver pod's outputs, read back through the runtime contract from the marker lines of its log
 * ({@code <marker> <file name> <compact json>}, the last line of each name wins), and how the finished pod ended.
 */
record DriverOutputs(Optional<RuntimeStatus> status, Optional<RuntimeMetrics> metrics, Optional<String> preview,
        Optional<SnapshotReport> snapshot) {

    static DriverOutputs parse(String logText, String marker, RuntimeJson contract) {
        Map<String, String> last = new LinkedHashMap<>();
        String prefix = marker + " ";
        for (String line : logText.split("\n")) {
            if (line.startsWith(prefix)) {
                String rest = line.substring(prefix.length());
                int space = rest.indexOf(' ');
                if (space > 0) {
                    last.put(rest.substring(0, space), rest.substring(space + 1).strip());
                }
            }
        }
        return new DriverOutputs(Optional.ofNullable(last.get(RuntimeFiles.STATUS)).map(s -> contract.read(s, RuntimeStatus.class)),
                Optional.ofNullable(last.get(RuntimeFiles.METRICS)).map(m -> contract.read(m, RuntimeMetrics.class)),
                Optional.ofNullable(last.get(RuntimeFiles.PREVIEW)),
                Optional.ofNullable(last.get(RuntimeFiles.SNAPSHOT_REPORT)).map(r -> contract.read(r, SnapshotReport.class)));
    }

    /** The outcome of the finished {@code pod} (phase Succeeded or Failed), started at {@code started} (nanoTime). */
    Outcome outcome(Pod pod, Duration timeout, long started) {
        Optional<ContainerStateTerminated> terminated = pod.getStatus().getContainerStatuses() == null ? Optional.empty()
                : pod.getStatus().getContainerStatuses().stream().map(ContainerStatus::getState).filter(s -> s != null && s.getTerminated() != null)
                        .map(s -> s.getTerminated()).findFirst();
        int exit = terminated.map(ContainerStateTerminated::getExitCode).orElse(pod.getStatus().getPhase().equals("Succeeded") ? 0 : -1);
        if ("DeadlineExceeded".equals(pod.getStatus().getReason())) {
            return withWall(Outcome.of(JobState.FAILED, "TIMEOUT", "the job ran longer than " + timeout + " and was stopped"), started);
        }
        if (status.isEmpty()) {
            String why = terminated.map(ContainerStateTerminated::getReason).filter(r -> r != null && !r.isBlank()).map(r -> " (" + r + ")")
                    .orElse("");
            return withWall(Outcome.of(JobState.FAILED, "RUNTIME_CRASHED", "the runtime exited with code " + exit + why
                    + " without reporting a status; see the job's log"), started);
        }
        Usage usage = RuntimeOutcomes.usage(metrics, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return RuntimeOutcomes.fromStatus(status.get(), exit, Optional.of(usage), preview);
    }

    /** {@code outcome} with the wall time since {@code started} as its only use. */
    static Outcome withWall(Outcome outcome, long started) {
        return new Outcome(outcome.state(), outcome.code(), outcome.message(), outcome.step(),
                Optional.of(new Usage(0, 0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))), outcome.previewJson());
    }
}

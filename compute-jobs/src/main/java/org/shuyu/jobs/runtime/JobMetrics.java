package org.shuyu.jobs.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.shuyu.runtime.contract.RuntimeMetrics;

/**
 * Resource use of the job JVM for metrics.json: process CPU time (OperatingSystemMXBean), peak resident memory
 * (VmHWM of /proc/self/status), wall time since the runtime started, and each step's duration.
 */
public final class JobMetrics {
    private final long startNanos;
    private final List<RuntimeMetrics.Step> steps = new ArrayList<>();

    public JobMetrics(long startNanos) {
        this.startNanos = startNanos;
    }

    public synchronized void step(int index, long millis) {
        steps.add(new RuntimeMetrics.Step(index, millis));
    }

    public synchronized List<RuntimeMetrics.Step> steps() {
        return List.copyOf(steps);
    }

    public long wallMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    public static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? 0.0 : nanos / 1e9;
        }
        return 0.0;
    }

    /** Peak resident set size in bytes, 0 where /proc/self/status is not available. */
    public static long peakMemoryBytes() {
        return peakMemoryBytes(Path.of("/proc/self/status"));
    }

    /** Resident memory now ({@code VmRSS}), 0 where /proc is not available. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    long value = Long.parseLong(parts[0]);
                    return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024L : value;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    static long peakMemoryBytes(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    long value = Long.parseLong(parts[0]);
                    return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024L : value;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0L;
        }
        return 0L;
    }
}

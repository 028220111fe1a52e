package org.shuyu.controller.admission;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the node (or the cluster share the controller schedules) offers to workspace engines: cores and memory in MiB.
 * Every admitted ticket is counted against it; the sum of admitted cores and of admitted memory never exceeds it.
 */
public record Capacity(int cores, int memoryMb) {
    /** The floor of the default memory capacity: a machine too small to report more still runs one small engine. */
    static final int MIN_DEFAULT_MEMORY_MB = 1024;

    public Capacity {
        if (cores < 1) {
            throw new IllegalArgumentException("capacity cores must be at least 1, got " + cores);
        }
        if (memoryMb < 1) {
            throw new IllegalArgumentException("capacity memory must be at least 1 MiB, got " + memoryMb);
        }
    }

    /**
     * The machine's: its available processors (which a container's CPU limit already lowers) and max(1024, 75% of
     * its physical memory). Physical memory is read through the platform's {@code OperatingSystemMXBean}
     * ({@code getTotalMemorySize}, which reports a container's memory limit where one is set); a JVM that does not
     * offer it falls back to the floor.
     */
    public static Capacity ofMachine() {
        return new Capacity(Math.max(1, Runtime.getRuntime().availableProcessors()), defaultMemoryMb(physicalMemoryBytes()));
    }

    static int defaultMemoryMb(long physicalBytes) {
        long threeQuartersMb = physicalBytes <= 0 ? 0 : physicalBytes / 4 * 3 / (1024 * 1024);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_DEFAULT_MEMORY_MB, threeQuartersMb));
    }

    private static long physicalMemoryBytes() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
                return os.getTotalMemorySize();
            }
        } catch (RuntimeException | LinkageError e) {
            // A JVM without the jdk.management module: fall back to the floor.
        }
        return 0;
    }
}

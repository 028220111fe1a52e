package org.shuyu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time and resident memory of a process from Linux {@code /proc}: {@code /proc/<pid>/stat} fields 14 and 15
 * (utime, stime, in clock ticks of {@code CLK_TCK} = 100 per second on Linux) and {@code VmRSS} of
 * {@code /proc/<pid>/status}. Linux only, like the rest of the benchmarks that read {@code /proc}.
 */
final class ProcessStats {
    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on every Linux architecture Java runs on). */
    static final double TICKS_PER_SECOND = 100.0;

    /** A reading: CPU seconds used so far (user + system) and the resident set in bytes. */
    record Reading(double cpuSeconds, long rssBytes) {
        Reading minus(Reading earlier) {
            return new Reading(cpuSeconds - earlier.cpuSeconds, rssBytes - earlier.rssBytes);
        }
    }

    private ProcessStats() {}

    static Optional<Reading> read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(after[11]) + Long.parseLong(after[12]); // fields 14 and 15 overall
            long rssKb = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
            return Optional.of(new Reading(ticks / TICKS_PER_SECOND, rssKb * 1024));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    static Reading require(long pid, String what) {
        return read(pid).orElseThrow(() -> new IllegalStateException("cannot read /proc/" + pid + " (" + what + "): gone?"));
    }
}

package org.shuyu.runtime.contract;

import java.util.ArrayList;
import java.util.List;

/** How a launcher starts the runtime: its main class, its environment and the JVM options it needs. */
public final class RuntimeLaunch {
    /** {@code java <options> -cp <runtime class path> org.shuyu.jobs.JobMain <runtime.json>}. */
    public static final String MAIN_CLASS = "org.shuyu.jobs.JobMain";
    /** The runtime's credential for policy downloads and lineage deliveries (a bearer token). */
    public static final String TOKEN_ENV = "SHUYU_RUNTIME_TOKEN";
    /** The salt of hash masks. */
    public static final String MASK_SALT_ENV = "SHUYU_MASK_SALT";
    /**
     * When set, the runtime also echoes each output file to stdout as one line {@code <marker> <file name> <compact
     * json>}: the pod's log is how the Kubernetes launcher gets them back.
     */
    public static final String OUTPUT_MARKER_ENV = "SHUYU_OUTPUT_MARKER";
    /** The system property that makes the runtime halt ({@link RuntimeExit#ORPHANED}) when its stdin or parent goes. */
    public static final String PARENT_WATCH_PROPERTY = "shuyu.parentWatch";
    /** The JVM option that sets {@link #PARENT_WATCH_PROPERTY}. */
    public static final String PARENT_WATCH = "-D" + PARENT_WATCH_PROPERTY + "=true";
    /** Module opens Spark needs on Java 17 (what spark-submit's launcher passes). */
    private static final List<String> OPENS = List.of("java.base/java.lang", "java.base/java.lang.invoke",
            "java.base/java.lang.reflect", "java.base/java.io", "java.base/java.net", "java.base/java.nio",
            "java.base/java.util", "java.base/java.util.concurrent", "java.base/java.util.concurrent.atomic",
            "java.base/jdk.internal.ref", "java.base/sun.nio.ch", "java.base/sun.nio.cs", "java.base/sun.security.action",
            "java.base/sun.util.calendar");

    private RuntimeLaunch() {}

    /** The JVM options the runtime needs on Java 17, local child JVMs and Kubernetes driver pods alike. */
    public static List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        for (String open : OPENS) {
            options.add("--add-opens=" + open + "=ALL-UNNAMED");
        }
        options.add("-Djdk.reflect.useDirectMethodHandle=false");
        options.add("-Dio.netty.tryReflectionSetAccessible=true");
        return List.copyOf(options);
    }
}

package org.shuyu.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bare side of {@code InteractiveBenchmark}: Spark's own Spark Connect server
 * ({@code org.apache.spark.sql.connect.service.SparkConnectServer}, no Shuyu extension, no authentication) in a child
 * JVM on the job runtime's class path ({@code compute-jobs/target/runtime-classpath.txt}, the same Spark jars as the warm
 * engine), with the engine's limits: {@code local[cores]}, {@code -Xmx} = the engine's memory, the engine's
 * {@code spark.sql.shuffle.partitions}, no UI, bound to 127.0.0.1 on a free port. Configured through {@code spark.*}
 * system properties, which SparkConf reads.
 */
final class SparkConnectServerProcess implements AutoCloseable {
    /** The module openings Spark needs on Java 17 (Spark's JavaModuleOptions; compute-jobs' spark.java17.opens). */
    static final List<String> JAVA17_OPENS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private final Process process;
    private final int port;
    private final Path log;
    private final long startedNanos;

    private SparkConnectServerProcess(Process process, int port, Path log, long startedNanos) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    static SparkConnectServerProcess start(Path runtimeClasspathFile, int cores, int memoryMb, int shufflePartitions, Path workDir)
            throws IOException {
        if (!Files.isRegularFile(runtimeClasspathFile)) {
            throw new IllegalStateException("bare side: no Spark class path at " + runtimeClasspathFile
                    + " (mvn -o -q -pl compute-jobs -am package -DskipTests writes it)");
        }
        int port = ControllerProcess.freePort();
        Files.createDirectories(workDir);
        Path log = workDir.resolve("bare-connect-server.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + memoryMb + "m");
        command.addAll(JAVA17_OPENS);
        command.addAll(List.of("-Dspark.master=local[" + cores + "]", "-Dspark.app.name=bare-spark-connect",
                "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.connect.grpc.binding.address=127.0.0.1", "-Dspark.connect.grpc.binding.port=" + port,
                "-Dspark.sql.shuffle.partitions=" + shufflePartitions,
                "-Dspark.sql.warehouse.dir=" + workDir.resolve("warehouse").toAbsolutePath(),
                "-Djava.io.tmpdir=" + Files.createDirectories(workDir.resolve("tmp")).toAbsolutePath(),
                "-cp", Files.readString(runtimeClasspathFile).strip(), "org.apache.spark.sql.connect.service.SparkConnectServer"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).directory(workDir.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        long started = System.nanoTime();
        return new SparkConnectServerProcess(builder.start(), port, log, started);
    }

    /** Waits until the gRPC port accepts connections; returns the seconds since the JVM was started. */
    double awaitListening(Duration timeout) throws InterruptedException {
        long deadline = startedNanos + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("bare side: the Spark Connect server exited with status " + process.exitValue()
                        + " while starting; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return (System.nanoTime() - startedNanos) / 1e9;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        throw new IllegalStateException("bare side: the Spark Connect server did not listen within " + timeout + "; see " + log);
    }

    long startedNanos() {
        return startedNanos;
    }

    String url() {
        return "sc://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}

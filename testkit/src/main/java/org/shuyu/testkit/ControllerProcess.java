package org.shuyu.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The controller jar ({@code sandbox-controller/target/sandbox-controller-*.jar}) as a child process in embedded
 * mode: a temporary data directory, a free HTTP port, a free {@code sandbox.connect.port}, the job/engine runtime
 * class path from system property {@code shuyu.runtime.classpath} (a file, as compute-jobs writes it), its output
 * captured to {@link #log()}. {@link #close()} kills its whole process tree (engines and jobs included) and waits.
 */
public final class ControllerProcess implements AutoCloseable {
    /** The job JVM options of every test controller (sandbox.jobs.jvm-options): short jobs, start-up dominates. */
    public static final String TEST_JOB_JVM_OPTIONS = "-XX:TieredStopAtLevel=1,-XX:+UseSerialGC";
    /** How long a start may take: 300 s, or {@code -Dshuyu.controller.ready-seconds=N} on a loaded machine. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("shuyu.controller.ready-seconds", 300));

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final int httpPort;
    private final int connectPort;
    private final boolean ownDataDir;

    private ControllerProcess(Process process, Path dataDir, Path log, int httpPort, int connectPort,
            boolean ownDataDir) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.httpPort = httpPort;
        this.connectPort = connectPort;
        this.ownDataDir = ownDataDir;
    }

    /** Starts a controller on a fresh temporary data directory with no demo catalog; waits until it is healthy. */
    public static ControllerProcess start() {
        try {
            Path dir = Files.createTempDirectory("shuyu-connect-it");
            return start(dir, Map.of(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a controller on {@code dataDir} (files placed there before, such as source CSVs, are kept) with extra
     * Spring properties (e.g. {@code sandbox.engines.idle-timeout}); waits until it is healthy.
     */
    public static ControllerProcess start(Path dataDir, Map<String, String> properties, boolean ownDataDir) {
        Path jar = controllerJar();
        Path runtime = runtimeClasspathFile();
        int httpPort = freePort();
        int connectPort = freePort();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("server.port", String.valueOf(httpPort));
        props.put("sandbox.data-dir", dataDir.toString());
        props.put("sandbox.demo-catalog", "false");
        props.put("sandbox.jobs.runtime-classpath", "@" + runtime);
        props.put("sandbox.connect.port", String.valueOf(connectPort));
        // The product Flight endpoint defaults to the fixed port 8815: off, so parallel controllers never clash.
        props.put("sandbox.products.flight.enabled", "false");
        // Test jobs are short: C1 only and the serial collector start a job JVM about a fifth faster (docs/benchmarks.md)
        props.put("sandbox.jobs.jvm-options", TEST_JOB_JVM_OPTIONS);
        props.putAll(properties);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        command.add("-Xmx768m");
        command.add("-jar");
        command.add(jar.toString());
        props.forEach((k, v) -> command.add("--" + k + "=" + v));
        Path log = dataDir.resolve("controller.log");
        try {
            Files.createDirectories(dataDir);
            ProcessBuilder builder = new ProcessBuilder(command).directory(dataDir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().remove("SHUYU_DATA_DIR");
            Process process = builder.start();
            ControllerProcess controller = new ControllerProcess(process, dataDir, log, httpPort, connectPort,
                    ownDataDir);
            try {
                controller.awaitHealthy();
            } catch (RuntimeException | Error e) {
                controller.close();
                throw e;
            }
            return controller;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the controller " + jar, e);
        }
    }

    /** The controller jar: system property {@code shuyu.controller.jar}, else the only one in its target dir. */
    public static Path controllerJar() {
        String configured = System.getProperty("shuyu.controller.jar");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        Path target = Path.of(configured == null ? "../sandbox-controller/target/x" : configured).getParent();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("sandbox-controller-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-plain.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no controller jar in " + target
                            + ": build it first (mvn -o -q -pl sandbox-controller,compute-jobs -am package -DskipTests)"));
        } catch (IOException e) {
            throw new IllegalStateException("no controller jar (" + configured + "): build sandbox-controller", e);
        }
    }

    /** The runtime class path file compute-jobs writes at package time (system property shuyu.runtime.classpath). */
    public static Path runtimeClasspathFile() {
        String configured = System.getProperty("shuyu.runtime.classpath", "../compute-jobs/target/runtime-classpath.txt");
        Path file = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no runtime class path file " + file
                    + ": build compute-jobs first (mvn -o -q -pl compute-jobs -am package -DskipTests)");
        }
        return file;
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the controller exited with " + process.exitValue()
                        + " before it was ready; log " + log + ":\n" + logTail(60));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(baseUrl().resolve("/actuator/health"))
                        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the controller", e);
            }
            sleep(250);
        }
        throw new IllegalStateException("the controller was not healthy within " + READY_TIMEOUT + "; log " + log
                + ":\n" + logTail(60));
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    public int httpPort() {
        return httpPort;
    }

    /** The port given as {@code sandbox.connect.port}; see {@link #connectListening()} for whether it is served. */
    public int connectPort() {
        return connectPort;
    }

    /** Whether something accepts TCP connections on the Connect port (the controller's Spark Connect front door). */
    public boolean connectListening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), connectPort), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The controller's stdout and stderr. */
    public Path log() {
        return log;
    }

    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code lines} lines of the log (for failure messages). */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Kills the process tree (children first: engines, jobs), waits for it, and removes an own data directory. */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        // Whatever the controller did not stop itself (it should stop its engines and jobs) is killed here.
        tree.addAll(process.descendants().toList());
        for (ProcessHandle child : tree) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        }
        for (ProcessHandle child : tree) {
            try {
                child.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already gone or cannot be waited for
            }
        }
        if (ownDataDir && !Boolean.getBoolean("shuyu.keep.data")) {
            deleteTree(dataDir, log);
        }
    }

    /** Deletes {@code dir} except {@code keep} (the log stays for the surefire report). */
    private static void deleteTree(Path dir, Path keep) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(keep) && !p.equals(dir))
                    .map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }

    /** A free TCP port on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

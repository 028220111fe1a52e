package org.shuyu.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real controller ({@code org.shuyu.controller.SandboxApplication}) in a child JVM, as {@code run-embedded.sh}
 * starts it: embedded mode (H2 file database under {@code dataDir}, development issuer, demo catalog), on 127.0.0.1 and
 * a given port. The class path is the benchmark JVM's own (the controller's {@code target/classes} and its
 * dependencies), or the built controller jar with {@code -Dbench.controller.jar=path}. Each start writes its own log
 * file. {@link #kill()} is SIGKILL ({@link Process#destroyForcibly()}); the JVM's exit status 137 (128 + 9) is returned
 * so callers can check that signal 9, not a shutdown, ended it.
 */
final class ControllerProcess {
    /** Exit status of a process ended by signal 9 (SIGKILL), as {@link Process#exitValue()} reports it on Linux. */
    static final int SIGKILL_STATUS = 128 + 9;
    private static final String MAIN = "org.shuyu.controller.SandboxApplication";

    private final Path dataDir;
    private final Path logDir;
    private final int port;
    private final String heap;
    private final List<String> settings;
    private Process process;
    private int starts;

    ControllerProcess(Path dataDir, Path logDir, int port, String heap, List<String> settings) {
        this.dataDir = requireNonNull(dataDir, "dataDir is null").toAbsolutePath();
        this.logDir = requireNonNull(logDir, "logDir is null").toAbsolutePath();
        this.port = port;
        this.heap = requireNonNull(heap, "heap is null");
        this.settings = List.copyOf(settings);
    }

    /** A port nobody listens on now (the controller binds it a moment later; Tomcat sets SO_REUSEADDR). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return logDir.resolve("controller-" + starts + ".log");
    }

    /** Starts the controller and waits until {@code /actuator/health} answers 200; returns the seconds it took. */
    double start(Duration timeout) throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the controller is already running (pid " + process.pid() + ")");
        }
        Files.createDirectories(dataDir);
        Files.createDirectories(logDir);
        starts++;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        Optional<String> jar = Optional.ofNullable(System.getProperty("bench.controller.jar")).filter(s -> !s.isBlank());
        if (jar.isPresent()) {
            command.add("-jar");
            command.add(Path.of(jar.get()).toAbsolutePath().toString());
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(MAIN);
        }
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.add("--sandbox.data-dir=" + dataDir);
        command.add("--sandbox.identity.dev-token-lifetime=6h");
        command.add("--sandbox.products.flight.enabled=false");
        command.add("--spring.main.banner-mode=off");
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        // The working directory decides where a relative path would land: keep it inside the run directory.
        builder.directory(logDir.toFile());
        long started = System.nanoTime();
        process = builder.start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = started + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the controller exited with status " + process.exitValue()
                        + " while starting; see " + log());
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - started) / 1e9;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("the controller did not become healthy within " + timeout + "; see " + log());
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, then waits for the JVM to be gone; returns its exit status (137 when signal 9 ended it). */
    int kill() throws InterruptedException {
        Process p = requireNonNull(process, "not started");
        p.destroyForcibly();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the controller (pid " + p.pid() + ") survived SIGKILL for 60 s");
        }
        return p.exitValue();
    }

    /** A normal stop (SIGTERM, Spring's shutdown hook), SIGKILL after 60 s. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

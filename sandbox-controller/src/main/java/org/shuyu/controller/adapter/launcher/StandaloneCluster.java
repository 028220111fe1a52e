package org.shuyu.controller.adapter.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.config.SparkProperties;
import org.shuyu.runtime.contract.SparkCluster;
import org.shuyu.runtime.contract.StandaloneLaunch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Why this class is long: the whole life of a local Spark standalone cluster (start, health, restart of a daemon that
 * died, stop, and the leftovers of a controller that died) shares the process bookkeeping, as in
 * {@link LocalEngineLauncher}.
 *
 * <p>With {@code sandbox.spark.mode=standalone} the controller runs a Spark standalone cluster from the job runtime's
 * own class path (nothing downloaded): one {@code Master} and {@code sandbox.spark.workers} {@code Worker} JVMs, child
 * processes bound to 127.0.0.1, with {@code spark.authenticate} on and a random secret per start that only their
 * environment and the drivers' carry ({@link StandaloneLaunch}). Their directories are under
 * {@code <data-dir>/spark/<cluster id>}: the master's and each worker's log, and the workers' work directories where
 * each application (one job or engine) gets its own executor directories. Every 2 s the daemons are checked; one that
 * died is started again (at most {@value #MAX_RESTARTS} times in ten minutes, then the cluster reports itself
 * unavailable and jobs fail with that reason). The daemons stop with the controller; what a killed controller left
 * is recognised at the next start by the pid files and the marker on their command lines and killed, executors
 * included.
 */
@Component
@ConditionalOnProperty(name = "sandbox.spark.mode", havingValue = "standalone")
public class StandaloneCluster implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(StandaloneCluster.class);
    static final int MAX_RESTARTS = 5;
    private static final Pattern ALIVE = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

    private final SparkProperties settings;
    private final Optional<String> classpath;
    private final String unavailable;
    private final String clusterId;
    private final Path dir;
    private final Path pidDir;
    private final String secret;
    private final int masterPort;
    private final int uiPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Daemon> daemons = new LinkedHashMap<>();
    private final List<Long> restarts = new ArrayList<>();
    private final ScheduledExecutorService monitor;
    private volatile String problem = "";
    private volatile boolean stopped;

    /** One master or worker: what starts it again, and the running process. */
    private static final class Daemon {
        final String name;
        final List<String> command;
        final Path dir;
        volatile Process process;

        Daemon(String name, List<String> command, Path dir) {
            this.name = name;
            this.command = command;
            this.dir = dir;
        }
    }

    public StandaloneCluster(SandboxProperties sandbox, SparkProperties settings) {
        this(sandbox.dataDir(), settings, RuntimeClasspath.find(sandbox.jobs().runtimeClasspath()));
    }

    StandaloneCluster(Path dataDir, SparkProperties settings, RuntimeClasspath.Found runtime) {
        this.settings = settings;
        this.classpath = runtime.classpath();
        this.unavailable = runtime.reason();
        Path data = dataDir.toAbsolutePath().normalize();
        // One cluster per data directory: its id is in every daemon's marker, so leftovers are told apart from
        // another controller's cluster on the same machine.
        this.clusterId = "shuyu-" + Sha256.hex(data.toString()).substring(0, 10);
        this.dir = data.resolve("spark").resolve(clusterId);
        this.pidDir = dir.resolve("pids");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.secret = HexFormat.of().formatHex(random);
        this.monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spark-cluster-monitor");
            t.setDaemon(true);
            return t;
        });
        if (classpath.isEmpty()) {
            log.warn("Spark standalone cluster unavailable: {}", unavailable);
            this.masterPort = 0;
            this.uiPort = 0;
            return;
        }
        try {
            Files.createDirectories(pidDir);
            Files.createDirectories(dir.resolve("home").resolve("jars"));
            stopLeftovers();
            this.masterPort = settings.masterPort() == 0 ? freePort() : settings.masterPort();
            this.uiPort = freePort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Spark cluster's directory " + dir, e);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = classpath.get();
        daemons.put("master", new Daemon(StandaloneLaunch.masterName(clusterId), StandaloneLaunch.masterCommand(java, cp,
                clusterId, masterPort, uiPort, settings.daemonMemory()), dir.resolve("master")));
        for (int i = 1; i <= settings.workers(); i++) {
            Path workerDir = dir.resolve("worker-" + i);
            daemons.put("worker-" + i, new Daemon(StandaloneLaunch.workerName(clusterId, i),
                    StandaloneLaunch.workerCommand(java, cp, clusterId, i, masterUrl(), settings.workerCores(),
                            settings.workerMemoryMb(), workerDir.resolve("work"), settings.daemonMemory()), workerDir));
        }
        daemons.values().forEach(this::start);
        monitor.scheduleWithFixedDelay(this::check, 2, 2, TimeUnit.SECONDS);
        log.info("Spark standalone cluster {}: master {} and {} workers starting (directory {})", clusterId, masterUrl(),
                settings.workers(), dir);
    }

    /** {@code spark://127.0.0.1:<port>}. */
    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The secret drivers put into {@link StandaloneLaunch#AUTH_SECRET_ENV}; never written anywhere. */
    String secret() {
        return secret;
    }

    Path directory() {
        return dir;
    }

    /** Why drivers cannot use the cluster, or empty. */
    public Optional<String> unavailableReason() {
        if (classpath.isEmpty()) {
            return Optional.of(unavailable);
        }
        return problem.isEmpty() ? Optional.empty() : Optional.of(problem);
    }

    /**
     * The settings of one driver's own executors: at most {@code cores} cores (the job's or engine's share, never
     * more than the cluster has), waiting up to {@code sandbox.spark.start-timeout} for the cluster's first start.
     *
     * @throws IllegalStateException when the cluster is not usable (the reason says why)
     */
    public SparkCluster driverCluster(int cores) {
        unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException("the Spark cluster is unavailable: " + reason);
        });
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (aliveWorkers() < 1) {
            if (System.nanoTime() > deadline || stopped) {
                throw new IllegalStateException("the Spark cluster had no live worker within " + settings.startTimeout());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Spark cluster");
            }
        }
        int total = settings.workers() * settings.workerCores();
        return StandaloneLaunch.driverCluster(masterUrl(), Math.max(1, Math.min(cores, total)), settings.executorCores(),
                settings.executorMemoryMb(), classpath.orElseThrow());
    }

    /** How many workers the master counts as alive (0 while it does not answer). */
    public int aliveWorkers() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + uiPort + "/json/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Matcher m = ALIVE.matcher(response.body());
            return response.statusCode() == 200 && m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The process ids of the running daemons by name ({@code master}, {@code worker-1}, ...). */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        daemons.forEach((key, d) -> Optional.ofNullable(d.process).filter(Process::isAlive)
                .ifPresent(p -> pids.put(key, p.pid())));
        return pids;
    }

    private synchronized void start(Daemon daemon) {
        if (stopped) {
            return;
        }
        try {
            Files.createDirectories(daemon.dir.resolve("tmp"));
            Files.createDirectories(daemon.dir.resolve("local"));
            ProcessBuilder builder = new ProcessBuilder(daemon.command).directory(daemon.dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(daemon.dir.resolve("daemon.log").toFile()));
            builder.environment().clear(); // nothing of the controller's environment reaches Spark's daemons
            builder.environment().putAll(StandaloneLaunch.daemonEnvironment(dir.resolve("home"),
                    daemon.dir.resolve("local"), secret));
            daemon.process = builder.start();
            Files.writeString(pidDir.resolve(daemon.name + ".pid"), daemon.process.pid() + " " + daemon.name + "\n");
        } catch (IOException e) {
            problem = daemon.name + " could not be started (" + e.getClass().getSimpleName() + ")";
            log.error("Spark daemon {} could not be started: {}", daemon.name, e.getMessage());
        }
    }

    /** Starts again a daemon that died, within the restart budget; past it the cluster reports itself unavailable. */
    synchronized void check() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        restarts.removeIf(t -> now - t > TimeUnit.MINUTES.toNanos(10));
        for (Daemon daemon : daemons.values()) {
            Process process = daemon.process;
            if (process != null && process.isAlive()) {
                continue;
            }
            if (restarts.size() >= MAX_RESTARTS) {
                if (problem.isEmpty()) {
                    problem = "its daemons died " + MAX_RESTARTS + " times within ten minutes (see " + dir + ")";
                    log.error("Spark standalone cluster {}: {}; not restarting", clusterId, problem);
                }
                return;
            }
            log.warn("Spark daemon {} exited ({}): starting it again", daemon.name,
                    process == null ? "never started" : "code " + process.exitValue());
            restarts.add(now);
            start(daemon);
        }
    }

    /** Kills what an earlier controller on this data directory left: daemons named by their pid file and marker. */
    private void stopLeftovers() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pidDir, "*.pid")) {
            for (Path file : files) {
                String[] fields = Files.readString(file).strip().split(" ");
                if (fields.length == 2) {
                    try {
                        killIfDaemon(Long.parseLong(fields[0]), fields[1]);
                    } catch (NumberFormatException e) {
                        log.warn("unreadable Spark daemon pid file {}", file);
                    }
                }
                Files.deleteIfExists(file);
            }
        }
    }

    private void killIfDaemon(long pid, String name) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return;
        }
        Optional<String> commandLine = handle.get().info().commandLine();
        if (commandLine.isEmpty() || !(" " + commandLine.get() + " ").contains(" " + StandaloneLaunch.MARKER + name + " ")) {
            log.warn("process {} recorded for Spark daemon {} is {}: not stopped", pid, name,
                    commandLine.isEmpty() ? "not inspectable" : "another program now");
            return;
        }
        kill(handle.get());
        log.warn("leftover Spark daemon {} (process {}) stopped", name, pid);
    }

    /** Executors first (children of a worker), then the daemon itself. */
    private static void kill(ProcessHandle handle) {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("process {} did not exit within 10 s of SIGKILL", handle.pid());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** What a controller killed with SIGKILL does: stops watching, leaves its daemons running (tests). */
    void abandon() {
        synchronized (this) {
            stopped = true;
        }
        monitor.shutdownNow();
    }

    @Override
    public void destroy() {
        synchronized (this) {
            stopped = true;
        }
        monitor.shutdownNow();
        List<Daemon> reversed = new ArrayList<>(daemons.values());
        Collections.reverse(reversed);
        for (Daemon daemon : reversed) { // workers (and their executors) before the master
            Optional.ofNullable(daemon.process).ifPresent(p -> kill(p.toHandle()));
            try {
                Files.deleteIfExists(pidDir.resolve(daemon.name + ".pid"));
            } catch (IOException e) {
                log.warn("cannot delete the pid file of Spark daemon {}", daemon.name);
            }
        }
    }
}

package org.shuyu.controller.adapter.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.engine.EngineLauncher;
import org.shuyu.controller.engine.EngineRequests;
import org.shuyu.controller.engine.WorkspaceEngines;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.runtime.contract.EngineFiles;
import org.shuyu.runtime.contract.EngineLaunch;
import org.shuyu.runtime.contract.EngineReady;
import org.shuyu.runtime.contract.EngineRequest;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeLaunch;
import org.shuyu.runtime.contract.SparkCluster;
import org.shuyu.runtime.contract.StandaloneLaunch;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Why this class is long: an engine's whole local process life (command, environment, ready.json, stop) and the two
 * ways a restarted controller finds what an earlier one left (registry pid, pid files) share the process bookkeeping.
 *
 * <p>Runs each workspace engine as a child JVM: {@code java <RuntimeLaunch.jvmOptions()> -Xmx<memoryMb>m -cp <runtime
 * class path> org.shuyu.jobs.engine.EngineMain <engineDir>/engine.json}, listening on loopback only (ports chosen by
 * the engine, read back from its ready.json), with a scrubbed environment holding only its credential, its secret and
 * the workspace's mask salt, and its log in {@code <engineDir>/engine.log}.
 *
 * <p>Engines die with their controller like jobs ({@link LocalJobLauncher}): stdin is a pipe only this process holds
 * and the engine runs with the parent watch. What survives anyway is found at the next start by the registry
 * ({@link #stopLeftover}) or by the pid file this launcher keeps in {@code <data-dir>/engines/<engineId>.pid}
 * ({@link #stopStrays}); only a live process whose command line names the engine's id is killed.
 */
@Component
@ConditionalOnProperty(name = "sandbox.jobs.launcher", havingValue = "local", matchIfMissing = true)
public class LocalEngineLauncher implements EngineLauncher, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(LocalEngineLauncher.class);
    static final String LOG = "engine.log";
    private static final String LOOPBACK = "127.0.0.1";
    /** The JVM option naming the engine, how a leftover process is recognised as the engine it claims to be. */
    static final String ENGINE_MARKER = "-Dshuyu.engine=";

    private final SandboxProperties.Jobs jobs;
    private final Path pidDir;
    private final Optional<String> classpath;
    private final String unavailable;
    private final String mainClass;
    private final RuntimeJson contract = new RuntimeJson();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile String controllerUrl;
    /** Present with {@code sandbox.spark.mode=standalone}: each engine's tasks run on executors of its own there. */
    private final Optional<StandaloneCluster> cluster;

    private record Running(Process process, OutputStream stdin, Path dir, Path pidFile) {}

    public LocalEngineLauncher(SandboxProperties properties) {
        this(properties, RuntimeClasspath.find(properties.jobs().runtimeClasspath()), EngineLaunch.MAIN_CLASS);
    }

    @Autowired
    public LocalEngineLauncher(SandboxProperties properties, ObjectProvider<StandaloneCluster> cluster) {
        this(properties, RuntimeClasspath.find(properties.jobs().runtimeClasspath()), EngineLaunch.MAIN_CLASS,
                Optional.ofNullable(cluster.getIfAvailable()));
    }

    /** With another class path or main class (tests run a stand-in engine). */
    LocalEngineLauncher(SandboxProperties properties, RuntimeClasspath.Found runtime, String mainClass) {
        this(properties, runtime, mainClass, Optional.empty());
    }

    LocalEngineLauncher(SandboxProperties properties, RuntimeClasspath.Found runtime, String mainClass,
            Optional<StandaloneCluster> cluster) {
        this.cluster = cluster;
        this.jobs = properties.jobs();
        this.pidDir = properties.dataDir().resolve("engines").toAbsolutePath();
        this.classpath = runtime.classpath();
        this.unavailable = runtime.reason();
        this.mainClass = mainClass;
        this.controllerUrl = jobs.policyUrl();
    }

    @EventListener
    public void onServer(WebServerInitializedEvent event) {
        if (jobs.policyUrl() == null || jobs.policyUrl().isBlank()) {
            controllerUrl = "http://127.0.0.1:" + event.getWebServer().getPort();
        }
    }

    /** Sets the controller's URL engines call back (tests without a web server). */
    void controllerUrl(String url) {
        this.controllerUrl = url;
    }

    @Override
    public boolean available() {
        return classpath.isPresent() && controllerUrl != null && !controllerUrl.isBlank();
    }

    @Override
    public String unavailableReason() {
        return classpath.isEmpty() ? unavailable : "the controller's own URL is not known yet (server starting)";
    }

    @Override
    public Launched start(Spec spec) {
        if (!available()) {
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "engines cannot start: " + unavailableReason());
        }
        Path dir = spec.engineDir().toAbsolutePath();
        try {
            Files.createDirectories(dir.resolve("tmp"));
            Files.createDirectories(pidDir);
            EngineRequest request;
            try {
                Optional<SparkCluster> executors = cluster.map(c -> c.driverCluster(spec.cores()));
                request = EngineRequests.of(spec, controllerUrl, jobs.policyPollMillis(), jobs.policyMaxStalenessMillis(),
                        LOOPBACK, 0, 0, true, dir, executors);
            } catch (IllegalStateException e) {
                throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "engines cannot start: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "invalid engine configuration: " + e.getMessage());
            }
            Path config = dir.resolve(EngineFiles.REQUEST);
            Files.deleteIfExists(dir.resolve(EngineFiles.READY));
            Files.writeString(config, contract.write(request));
            Process process = builder(spec, dir, config).start();
            Path pidFile = pidDir.resolve(spec.engineId() + ".pid");
            running.put(spec.engineId(), new Running(process, process.getOutputStream(), dir, pidFile));
            Files.writeString(pidFile, process.pid() + " " + spec.engineId() + " " + spec.workspaceId() + "\n");
            log.info("engine {} of workspace {} started as process {}", spec.engineId(), spec.workspaceId(), process.pid());
            return new Launched(spec.engineId(), spec.workspaceId(), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "the engine could not be started ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private ProcessBuilder builder(Spec spec, Path dir, Path config) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // First, so that it is inside what the OS shows of a long command line (the class path is long).
        command.add(ENGINE_MARKER + spec.engineId());
        command.addAll(RuntimeLaunch.jvmOptions());
        command.add("-Xmx" + spec.memoryMb() + "m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
        command.add("-Duser.timezone=Asia/Shanghai");
        command.add(RuntimeLaunch.PARENT_WATCH);
        command.add("-cp");
        command.add(classpath.orElseThrow());
        command.add(mainClass);
        command.add(config.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(LOG).toFile()));
        Map<String, String> env = builder.environment();
        Map<String, String> keep = new LinkedHashMap<>();
        for (String name : List.of("PATH", "LANG", "LC_ALL", "TZ")) {
            Optional.ofNullable(env.get(name)).ifPresent(v -> keep.put(name, v));
        }
        env.clear(); // nothing of the controller's environment reaches the engine
        env.putAll(keep);
        env.put("HOME", dir.toString());
        env.put("SPARK_LOCAL_IP", LOOPBACK);
        env.put(EngineLaunch.ENGINE_TOKEN_ENV, spec.token());
        env.put(EngineLaunch.ENGINE_SECRET_ENV, spec.secret());
        env.put(RuntimeLaunch.MASK_SALT_ENV, spec.maskSalt());
        // The cluster's secret reaches the driver in its environment only (never engine.json, never argv).
        cluster.ifPresent(c -> env.put(StandaloneLaunch.AUTH_SECRET_ENV, c.secret()));
        return builder;
    }

    @Override
    public Ready awaitReady(Launched launched, Duration timeout) {
        Running engine = running.get(launched.engineId());
        if (engine == null) {
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "engine " + launched.engineId() + " is not running");
        }
        Path readyFile = engine.dir().resolve(EngineFiles.READY);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                if (Files.isRegularFile(readyFile)) {
                    EngineReady ready = readReady(readyFile);
                    if (ready != null) {
                        if (!ready.engineId().equals(launched.engineId())) {
                            stop(launched);
                            throw new SandboxException(ErrorCode.ENGINE_FAILED, "the engine's ready.json names another engine");
                        }
                        return new Ready(WorkspaceEngines.controlUrl(LOOPBACK, ready.controlPort()), LOOPBACK,
                                ready.connectPort());
                    }
                }
                if (!engine.process().isAlive()) {
                    int exit = engine.process().exitValue();
                    stop(launched);
                    throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "the engine exited with code " + exit
                            + " before it was ready");
                }
                if (System.nanoTime() > deadline) {
                    stop(launched);
                    throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "the engine was not ready within " + timeout);
                }
                Thread.sleep(25);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(launched);
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "interrupted while the engine started");
        }
    }

    /** The ready.json, or null while it is not complete yet (the engine writes it atomically, but be lenient). */
    private EngineReady readReady(Path file) {
        try {
            return contract.read(Files.readString(file), EngineReady.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public boolean alive(Launched launched) {
        Running engine = running.get(launched.engineId());
        return engine != null && engine.process().isAlive();
    }

    @Override
    public void stop(Launched launched) {
        Running engine = running.remove(launched.engineId());
        if (engine == null) {
            return;
        }
        kill(engine.process().toHandle());
        try {
            engine.stdin().close();
        } catch (IOException e) {
            // the process is gone anyway
        }
        try {
            engine.process().waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(engine.pidFile());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("cannot delete the pid file of engine {}", launched.engineId());
        }
    }

    @Override
    public boolean stopLeftover(String engineId, String workspaceId, String location) {
        if (running.containsKey(engineId)) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(location);
        } catch (NumberFormatException e) {
            return false;
        }
        boolean stopped = killIfEngine(pid, engineId);
        try {
            Files.deleteIfExists(pidDir.resolve(engineId + ".pid"));
        } catch (IOException e) {
            log.warn("cannot delete the pid file of engine {}", engineId);
        }
        return stopped;
    }

    @Override
    public int stopStrays(List<String> keep) {
        if (!Files.isDirectory(pidDir)) {
            return 0;
        }
        int stopped = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pidDir, "*.pid")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String engineId = name.substring(0, name.length() - ".pid".length());
                if (keep.contains(engineId) || running.containsKey(engineId)) {
                    continue;
                }
                String[] fields = Files.readString(file).strip().split(" ");
                try {
                    if (fields.length >= 2 && fields[1].equals(engineId) && killIfEngine(Long.parseLong(fields[0]), engineId)) {
                        stopped++;
                    }
                } catch (NumberFormatException e) {
                    log.warn("unreadable engine pid file {}", file);
                }
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stopped;
    }

    /** Kills the process if it is alive and provably the engine's (its command line starts with the engine's marker). */
    private boolean killIfEngine(long pid, String engineId) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return false;
        }
        Optional<String> commandLine = handle.get().info().commandLine();
        if (commandLine.isEmpty() || !(" " + commandLine.get() + " ").contains(" " + ENGINE_MARKER + engineId + " ")) {
            log.warn("process {} recorded for engine {} is {}: not stopped", pid, engineId,
                    commandLine.isEmpty() ? "not inspectable" : "another program now");
            return false;
        }
        kill(handle.get());
        try {
            handle.get().onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("process {} of engine {} did not exit within 5 s of SIGKILL", pid, engineId);
        }
        log.warn("leftover engine {} (process {}) stopped", engineId, pid);
        return true;
    }

    private static void kill(ProcessHandle handle) {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
    }

    @Override
    public void destroy() {
        for (String engineId : List.copyOf(running.keySet())) {
            Running engine = running.get(engineId);
            if (engine != null) {
                stop(new Launched(engineId, "", "" + engine.process().pid()));
            }
        }
    }
}

package org.shuyu.jobs.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.shuyu.jobs.JobMain;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.runtime.OutputFiles;
import org.shuyu.jobs.runtime.ParentWatch;
import org.shuyu.runtime.contract.EngineLaunch;
import org.shuyu.runtime.contract.EngineRequest;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeLaunch;

/**
 * The warm engine's entry point: {@code java -cp <runtime classpath> org.shuyu.jobs.engine.EngineMain <engine.json>}
 * with {@code SHUYU_ENGINE_TOKEN}, {@code SHUYU_ENGINE_SECRET} and (optionally) {@code SHUYU_MASK_SALT} in the
 * environment. Stdout and stderr carry platform lines only (started, ready, stopped, a scrubbed failure); Spark's and
 * the JVM's own output goes to {@code <engineDir>/internal/engine.log}. Exits 0 after {@code POST /shutdown}, 1 when
 * it cannot start, 4 when its parent died ({@link ParentWatch}).
 */
public final class EngineMain {
    public static final int STOPPED = 0;
    public static final int FAILED = 1;

    private EngineMain() {
    }

    public static void main(String[] args) {
        PrintStream platformErr = System.err;
        OutputFiles.usePlatformOut(System.out);
        if (args.length != 1) {
            platformErr.println("usage: EngineMain <engine.json>");
            System.exit(FAILED);
            return;
        }
        EngineRequest request;
        try {
            request = new RuntimeJson().read(Files.readString(Path.of(args[0])), EngineRequest.class);
        } catch (IOException | RuntimeException e) {
            platformErr.println("FAILED " + JobsErrorCode.INVALID_CONFIG + ": invalid engine request: "
                    + (e instanceof IOException ? e.getClass().getSimpleName() : firstLine(e.getMessage())));
            System.exit(FAILED);
            return;
        }
        JobMain.internalLog(request.engineDir(), platformErr, "engine.log");
        // current_user() answers the Hadoop user of the process: never the OS account.
        System.setProperty("HADOOP_USER_NAME", "shuyu-engine");
        System.exit(run(request, System.getenv(), platformErr));
    }

    /** Starts the engine and serves until it is shut down; returns the exit code. */
    static int run(EngineRequest request, Map<String, String> env, PrintStream platformErr) {
        String token = env.get(EngineLaunch.ENGINE_TOKEN_ENV);
        String secret = env.get(EngineLaunch.ENGINE_SECRET_ENV);
        if (token == null || token.isBlank() || secret == null || secret.isBlank()) {
            platformErr.println("FAILED " + JobsErrorCode.INVALID_CONFIG + ": " + EngineLaunch.ENGINE_TOKEN_ENV
                    + " and " + EngineLaunch.ENGINE_SECRET_ENV + " must be set");
            return FAILED;
        }
        Optional<String> salt = Optional.ofNullable(env.get(RuntimeLaunch.MASK_SALT_ENV)).filter(s -> !s.isEmpty());
        if (request.parentWatch() || Boolean.getBoolean(RuntimeLaunch.PARENT_WATCH_PROPERTY)) {
            ParentWatch.start(System.in, ProcessHandle.current().parent(), Duration.ofMillis(250), reason -> {
                platformErr.println("FAILED " + JobsErrorCode.ORPHANED + ": " + reason);
                platformErr.flush();
                Runtime.getRuntime().halt(ParentWatch.EXIT_ORPHANED);
            });
        }
        platformErr.println(java.time.Instant.now() + " engine " + request.engineId() + " starting");
        Engine engine;
        try {
            engine = Engine.start(request, token, secret, salt);
        } catch (Exception | Error e) {
            platformErr.println("FAILED " + JobsErrorCode.SETUP_FAILED + ": the engine could not start ("
                    + e.getClass().getSimpleName() + ")");
            return FAILED;
        }
        platformErr.println(java.time.Instant.now() + " engine " + request.engineId() + " ready: control port "
                + engine.ready().controlPort() + ", connect port " + engine.ready().connectPort());
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "shuyu-engine-stop"));
        try {
            engine.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            engine.close();
        }
        platformErr.println(java.time.Instant.now() + " engine " + request.engineId() + " stopped");
        return STOPPED;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }
}

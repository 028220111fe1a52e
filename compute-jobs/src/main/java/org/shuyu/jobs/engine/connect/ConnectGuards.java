package org.shuyu.jobs.engine.connect;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's state for {@link ConnectGuardInterceptor}, which Spark instantiates by name from
 * {@code spark.connect.grpc.interceptor.classes} and so cannot be handed anything. The engine installs it once,
 * before it starts Spark Connect:
 * <pre>
 *   ConnectGuards.install(secret, new ConnectLimits(request.maxResultRows(), request.workspaceDatabase()),
 *           memberSessions::bind, connectExecutions::accepted);
 *   conf.set(ConnectGuards.INTERCEPTOR_CONF, ConnectGuards.INTERCEPTOR_CLASS);
 *   SparkConnectService.start(sparkContext);
 * </pre>
 * Set once: a second install without {@link #uninstall} is an error. Until it is installed, every call is refused.
 */
public final class ConnectGuards {
    /** The Spark setting that installs gRPC interceptors on the Connect server. */
    public static final String INTERCEPTOR_CONF = "spark.connect.grpc.interceptor.classes";
    /** The value to give {@link #INTERCEPTOR_CONF}. */
    public static final String INTERCEPTOR_CLASS = "org.shuyu.jobs.engine.connect.ConnectGuardInterceptor";

    /** Everything the interceptor uses, built once. */
    record Installed(ConnectGuard guard, ResultCap cap, SessionBindings bindings, ConnectSessions sessions,
                     SessionBinder binder, ConnectExecutionHook executions) { }

    private static final AtomicReference<Installed> CURRENT = new AtomicReference<>();

    private ConnectGuards() {
    }

    /**
     * Installs the guard of this engine.
     *
     * @param secret     the engine secret ({@code SHUYU_ENGINE_SECRET}) the controller's proxy presents
     * @param limits     result cap and workspace database
     * @param binder     binds a Connect-created session to the member's enforcement ({@code MemberSessions::bind})
     * @param executions told about every accepted ExecutePlan ({@code ConnectExecutions})
     */
    public static void install(String secret, ConnectLimits limits, SessionBinder binder,
                               ConnectExecutionHook executions) {
        install(secret, limits, binder, executions, ConnectSessions.SPARK);
    }

    static void install(String secret, ConnectLimits limits, SessionBinder binder, ConnectExecutionHook executions,
                        ConnectSessions sessions) {
        Installed installed = new Installed(new ConnectGuard(secret, limits), new ResultCap(limits.maxResultRows()),
                new SessionBindings(), requireNonNull(sessions, "sessions is null"),
                requireNonNull(binder, "binder is null"), requireNonNull(executions, "executions is null"));
        if (!CURRENT.compareAndSet(null, installed)) {
            throw new IllegalStateException("the Connect guard is already installed in this engine");
        }
    }

    public static boolean isInstalled() {
        return CURRENT.get() != null;
    }

    static Optional<Installed> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Removes the guard: the engine calls it after it stopped Spark Connect (every later call would be refused), so
     * a new engine in the same JVM (tests) can install its own.
     */
    public static void uninstall() {
        CURRENT.set(null);
    }
}

package org.shuyu.runtime.contract;

/**
 * How a launcher starts a warm engine: {@code java <RuntimeLaunch.jvmOptions()> -Xmx<memory> -cp <runtime class path>
 * org.shuyu.jobs.engine.EngineMain <engine.json>}, with {@link RuntimeLaunch#MASK_SALT_ENV} and the two secrets below
 * in its environment.
 */
public final class EngineLaunch {
    public static final String MAIN_CLASS = "org.shuyu.jobs.engine.EngineMain";
    /**
     * The engine's credential towards the controller (policy download, registering Connect statements): a bearer
     * token the controller issued for this engine only.
     */
    public static final String ENGINE_TOKEN_ENV = "SHUYU_ENGINE_TOKEN";
    /**
     * The secret the controller presents to the engine ({@code Authorization: Bearer <secret>} on the control API and
     * on proxied Spark Connect calls); anything without it is refused.
     */
    public static final String ENGINE_SECRET_ENV = "SHUYU_ENGINE_SECRET";
    /** The gRPC metadata key, set only by the controller's Connect proxy, naming the member a Connect call acts as. */
    public static final String MEMBER_HEADER = "x-shuyu-member";
    /** The gRPC metadata key, set only by the controller's Connect proxy, naming the controller's session id. */
    public static final String SESSION_HEADER = "x-shuyu-session";

    private EngineLaunch() {}
}

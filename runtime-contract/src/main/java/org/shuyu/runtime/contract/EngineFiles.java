package org.shuyu.runtime.contract;

/** File names in a warm engine's directory. */
public final class EngineFiles {
    /** The launcher's request. */
    public static final String REQUEST = "engine.json";
    /** The engine's {@link EngineReady}, written once it serves. */
    public static final String READY = "ready.json";

    private EngineFiles() {}
}

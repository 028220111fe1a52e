package org.shuyu.runtime.contract;

import java.util.Optional;

/**
 * The runtime process's exit codes. 0 to 2 come with a status.json; 3 and 4 usually without one: the JVM's
 * {@code -XX:+ExitOnOutOfMemoryError} exits with 3, and the runtime's parent watch halts with 4 when its controller is
 * gone. Any other code is a crash.
 */
public enum RuntimeExit {
    SUCCEEDED(0),
    FAILED(1),
    REFUSED(2),
    OUT_OF_MEMORY(3),
    ORPHANED(4);

    private final int code;

    RuntimeExit(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The meaning of an exit code; empty for a crash. */
    public static Optional<RuntimeExit> of(int code) {
        for (RuntimeExit exit : values()) {
            if (exit.code == code) {
                return Optional.of(exit);
            }
        }
        return Optional.empty();
    }
}

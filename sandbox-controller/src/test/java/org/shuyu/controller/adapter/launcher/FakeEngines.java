package org.shuyu.controller.adapter.launcher;

import java.nio.file.Path;
import org.shuyu.controller.engine.EngineLauncher;

/** A local engine launcher that starts the stand-in engine ({@link FakeEngineMain}), for tests in other packages. */
public final class FakeEngines {
    private FakeEngines() {}

    public static EngineLauncher launcher(Path dataDir) {
        return LocalEngineLauncherTest.launcher(dataDir);
    }
}

package org.shuyu.controller.engine;

import static java.util.Objects.requireNonNull;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At startup, before the controller serves a request: stops the engines earlier controller incarnations left running
 * ({@link WorkspaceEngines#stopLeftovers}), so a restart leaves no engine orphaned.
 */
@Component
class LeftoverEngines implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(LeftoverEngines.class);
    private final WorkspaceEngines engines;

    LeftoverEngines(WorkspaceEngines engines) {
        this.engines = requireNonNull(engines, "engines is null");
    }

    @Override
    public void afterSingletonsInstantiated() {
        int stopped = engines.stopLeftovers();
        if (stopped > 0) {
            log.warn("{} engine(s) left by an earlier controller process were stopped (CONTROLLER_RESTARTED)", stopped);
        }
    }
}

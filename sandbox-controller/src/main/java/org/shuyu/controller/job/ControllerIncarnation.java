package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import org.shuyu.controller.config.IdGenerator;
import org.springframework.stereotype.Component;

/**
 * This controller process's identity, new at every start. Jobs record the incarnation that runs them: a runtime
 * credential works only for a job of the current incarnation, and jobs of earlier ones are leftovers of a crash
 * or restart, stopped and failed at startup ({@code CONTROLLER_RESTARTED}).
 */
@Component
public class ControllerIncarnation {
    private final String id;

    public ControllerIncarnation(IdGenerator ids) {
        this.id = requireNonNull(ids, "ids is null").next("incarnation");
    }

    public String id() {
        return id;
    }
}

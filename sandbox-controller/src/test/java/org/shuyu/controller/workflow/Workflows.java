package org.shuyu.controller.workflow;

import java.util.List;
import org.shuyu.controller.grant.GrantLifecycle;
import org.shuyu.controller.job.JobLifecycle;
import org.shuyu.controller.product.ProductLifecycle;

/**
 * Every workflow table of the controller, in the order docs/workflows.md shows them. A new workflow adds its table
 * here (docs/ARCHITECTURE.md, "Adding a workflow"); {@link WorkflowTablesTest} then checks it and its diagram.
 */
final class Workflows {
    private Workflows() {}

    static List<TransitionTable<?, ?, ?>> all() {
        return List.of(
                GrantLifecycle.TABLE,
                ProductLifecycle.TABLE,
                JobLifecycle.TABLE);
    }
}

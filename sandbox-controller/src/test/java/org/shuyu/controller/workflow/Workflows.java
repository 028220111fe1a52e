package org.shuyu.controller.workflow;

import java.util.List;
import org.shuyu.controller.grant.GrantLifecycle;
import org.shuyu.controller.job.JobLifecycle;
import org.shuyu.controller.owndata.OwnDataLifecycle;
import org.shuyu.controller.product.ProductLifecycle;
import org.shuyu.controller.quality.QualityLifecycle;

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
                JobLifecycle.TABLE
                // --- issue 20, A: notifications and to-do: add ", X.TABLE" below this line ---

                // --- issue 20, B: R-08 single channel and the exchange: add ", X.TABLE" below this line ---
                , org.shuyu.controller.exchange.ExchangeLifecycle.TABLE

                // --- issue 20, C: R-19c own data import: add ", X.TABLE" below this line ---
                , OwnDataLifecycle.TABLE

                // --- issue 20, D: R-20 quality requests: add ", X.TABLE" below this line ---
                , QualityLifecycle.TABLE

                // --- issue 20, E: R-26 inspections: add ", X.TABLE" below this line ---
                , org.shuyu.controller.inspection.InspectionLifecycle.TABLE
                , org.shuyu.controller.inspection.InspectionLifecycle.FINDINGS

                // --- issue 20, F: R-27 annual reports: add ", X.TABLE" below this line ---
                , org.shuyu.controller.annual.AnnualReportLifecycle.TABLE

                // --- issue 20, G1: product review, return and notices: add ", X.TABLE" below this line ---

                // --- issue 20, G2: disclosure rules: add ", X.TABLE" below this line ---
                );
    }
}

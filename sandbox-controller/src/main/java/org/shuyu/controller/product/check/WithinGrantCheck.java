package org.shuyu.controller.product.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.shuyu.controller.product.CheckResult;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.store.LineageGraph;

/**
 * {@code WITHIN_GRANT}: every source upstream is a dataset of the grant, and every other dataset and statement
 * upstream belongs to the grant's own workspace.
 */
final class WithinGrantCheck implements ProductCheck {
    @Override
    public CheckResult.Check kind() {
        return CheckResult.Check.WITHIN_GRANT;
    }

    @Override
    public CheckResult check(CheckContext context) {
        CheckResult.Check check = kind();
        if (context.upstream().isEmpty()) {
            return notCheckedWithoutLineage();
        }
        ProductChecks.Subject subject = context.subject();
        LineageGraph upstream = context.upstream().get();
        List<String> outside = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (LineageGraph.DatasetNode node : upstream.datasets()) {
            if (node.kind() == DatasetKind.SOURCE) {
                if (subject.grantDatasets().contains(node.name())) {
                    sources.add(node.name());
                } else {
                    outside.add("source " + node.name() + " is not a dataset of grant " + subject.product().grantId());
                }
            } else if (!node.workspaceId().map(subject.product().grantId()::equals).orElse(false)) {
                outside.add(node.kind().name().toLowerCase(Locale.ROOT) + " " + node.name() + " belongs to workspace "
                        + node.workspaceId().orElse("(none)"));
            }
        }
        for (LineageProcess process : upstream.processes()) {
            if (!process.workspaceId().equals(subject.product().grantId())) {
                outside.add("statement " + process.id() + " ran in workspace " + process.workspaceId());
            }
        }
        if (!outside.isEmpty()) {
            return CheckResult.fail(check, outside.size() + " dataset(s) or statement(s) upstream are outside grant "
                    + subject.product().grantId(), outside);
        }
        Collections.sort(sources);
        return CheckResult.pass(check, "computed only from datasets of grant " + subject.product().grantId() + " ("
                + String.join(", ", sources) + ") in its own workspace", sources);
    }
}

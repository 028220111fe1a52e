package org.shuyu.controller.product.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.shuyu.controller.product.CheckResult;
import org.shuyu.controller.product.SnapshotStore;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.store.DatasetInfo;
import org.shuyu.lineage.store.LineageGraph;
import org.shuyu.lineage.store.LineageQuery;

/**
 * {@code LINEAGE_COMPLETE}: the table's lineage is recorded, complete (every statement upstream completed, nothing
 * quarantined, every snapshot column known), and no statement wrote the table after the snapshot was requested.
 */
final class LineageCompleteCheck implements ProductCheck {
    @Override
    public CheckResult.Check kind() {
        return CheckResult.Check.LINEAGE_COMPLETE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        CheckResult.Check check = kind();
        ProductChecks.Subject subject = context.subject();
        Optional<DatasetInfo> dataset = context.dataset();
        if (dataset.isEmpty()) {
            return CheckResult.fail(check, "no lineage is recorded for " + subject.dataset()
                    + ": only tables written by jobs of this platform, with their lineage, can become products", List.of());
        }
        if (dataset.get().dropped()) {
            return CheckResult.fail(check, subject.dataset() + " was dropped", List.of());
        }
        if (dataset.get().quarantined()) {
            return CheckResult.fail(check, subject.dataset() + " is quarantined: "
                    + dataset.get().quarantine().map(q -> q.reason() + " (job " + q.jobId() + ")").orElse(""), List.of());
        }
        LineageGraph upstream = context.upstream().orElseThrow();
        List<String> problems = new ArrayList<>();
        if (upstream.truncated()) {
            problems.add("the upstream lineage has more than " + LineageQuery.DEFAULT_MAX_NODES + " datasets");
        }
        for (LineageGraph.DatasetNode node : upstream.datasets()) {
            if (node.quarantined()) {
                problems.add("upstream dataset " + node.name() + " is quarantined");
            }
        }
        for (LineageProcess process : upstream.processes()) {
            if (process.state() != LineageProcess.State.COMPLETED) {
                problems.add("statement " + process.id() + " is " + process.state() + ", its lineage is not complete");
            }
        }
        Set<String> writers = new TreeSet<>();
        for (LineageGraph.Edge edge : upstream.edges()) {
            if (edge.target().equals(subject.dataset())) {
                writers.add(edge.processId());
            }
        }
        for (LineageProcess process : upstream.processes()) {
            if (writers.contains(process.id()) && process.startedAt().isAfter(subject.snapshotRequestedAt())) {
                problems.add("statement " + process.id() + " wrote " + subject.dataset()
                        + " after the snapshot was taken; submit a new version");
            }
        }
        if (writers.isEmpty()) {
            problems.add("no recorded statement wrote " + subject.dataset());
        }
        Set<String> known = new HashSet<>();
        context.columns().forEach(c -> known.add(c.column().column().toLowerCase(Locale.ROOT)));
        for (SnapshotStore.SnapshotColumn column : context.info().columns()) {
            if (!known.contains(column.name().toLowerCase(Locale.ROOT))) {
                problems.add("snapshot column " + column.name() + " has no lineage");
            }
        }
        if (!problems.isEmpty()) {
            return CheckResult.fail(check, problems.size() + " problem(s) with the lineage of " + subject.dataset(),
                    problems);
        }
        return CheckResult.pass(check, "every statement upstream of " + subject.dataset() + " completed ("
                + upstream.processes().size() + " statement(s), " + upstream.datasets().size() + " dataset(s)), and the"
                + " table did not change after the snapshot", writers.stream().map(w -> "written by " + w).toList());
    }
}

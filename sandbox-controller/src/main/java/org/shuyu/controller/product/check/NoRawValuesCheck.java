package org.shuyu.controller.product.check;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.product.CheckResult;
import org.shuyu.controller.product.SnapshotStore;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.store.LineageGraph;

/**
 * {@code NO_RAW_VALUES}, by value: every cell (and column name) of the snapshot against the raw values of the
 * identifying columns of the sources upstream within the grant ({@link RawValueIndex}). The evidence names columns,
 * source columns and row counts, never a value.
 */
public final class NoRawValuesCheck implements ProductCheck {
    private final RawValueSources rawValues;

    NoRawValuesCheck(RawValueSources rawValues) {
        this.rawValues = requireNonNull(rawValues, "rawValues is null");
    }

    @Override
    public CheckResult.Check kind() {
        return CheckResult.Check.NO_RAW_VALUES;
    }

    @Override
    public CheckResult check(CheckContext context) {
        CheckResult.Check check = kind();
        if (context.upstream().isEmpty()) {
            return notCheckedWithoutLineage();
        }
        ProductChecks.Subject subject = context.subject();
        LineageGraph upstream = context.upstream().get();
        Set<String> sources = new TreeSet<>();
        for (LineageGraph.DatasetNode node : upstream.datasets()) {
            if (node.kind() == DatasetKind.SOURCE && subject.grantDatasets().contains(node.name())) {
                sources.add(node.name());
            }
        }
        RawValueIndex index;
        try {
            index = rawValues.index(sources);
        } catch (SandboxException e) {
            return CheckResult.fail(check, "not checked (" + e.code() + "): " + e.getMessage(), List.of());
        }
        return scan(index, context.snapshots(), subject.file(), context.info(), sources);
    }

    /** The scan of {@link #check}, on its own for the benchmark. */
    public static CheckResult scan(RawValueIndex index, SnapshotStore snapshots, Path file,
            SnapshotStore.SnapshotInfo info, Set<String> sources) {
        CheckResult.Check check = CheckResult.Check.NO_RAW_VALUES;
        List<String> names = info.columns().stream().map(SnapshotStore.SnapshotColumn::name).toList();
        RawValueIndex.Scratch scratch = new RawValueIndex.Scratch();
        List<String> details = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Optional<RawValueIndex.Match> m = index.scan(names.get(i), scratch);
            labels.add(m.isPresent() ? "column #" + (i + 1) : names.get(i));
            if (m.isPresent()) {
                details.add("the name of snapshot column #" + (i + 1) + " holds a raw value of " + m.get().source());
            }
        }
        long[] whole = new long[names.size()];
        long[] inside = new long[names.size()];
        List<Set<String>> from = new ArrayList<>();
        names.forEach(n -> from.add(new TreeSet<>()));
        List<String> texts = new ArrayList<>(2);
        snapshots.scan(file, names, row -> {
            for (int i = 0; i < row.size(); i++) {
                texts.clear();
                cellTexts(row.get(i), texts);
                for (String text : texts) {
                    Optional<RawValueIndex.Match> m = index.scan(text, scratch);
                    if (m.isPresent()) {
                        if (m.get().whole()) {
                            whole[i]++;
                        } else {
                            inside[i]++;
                        }
                        for (RawValueIndex.Match each : index.scanAll(text, scratch)) {
                            from.get(i).add(each.source());
                        }
                        break;
                    }
                }
            }
        });
        long rows = 0;
        for (int i = 0; i < names.size(); i++) {
            if (whole[i] + inside[i] > 0) {
                rows += whole[i] + inside[i];
                details.add(labels.get(i) + ": " + (whole[i] + inside[i]) + " row(s) hold raw values of "
                        + String.join(", ", from.get(i)) + " (" + whole[i] + " as the whole cell, " + inside[i]
                        + " inside a longer cell)");
            }
        }
        if (!details.isEmpty()) {
            return CheckResult.fail(check, details.size() + " column(s) of the snapshot hold raw values of identifying"
                    + " source columns (" + rows + " cell(s)); the values are not shown", details);
        }
        return CheckResult.pass(check, "no cell holds a raw value of the " + index.sources().size()
                + " identifying source column(s) of " + (sources.isEmpty() ? "no source" : String.join(", ", sources))
                + " (" + index.size() + " distinct values looked for, whole and inside cells, ignoring case)",
                List.of());
    }

    /** A snapshot value as the text(s) a reader would see; booleans and nulls hold no identifier. */
    static void cellTexts(Object value, List<String> out) {
        if (value == null || value instanceof Boolean) {
            return;
        }
        if (value instanceof Double d) {
            if (Double.isFinite(d)) {
                out.add(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
                out.add(d.toString());
            }
            return;
        }
        if (value instanceof BigDecimal d) {
            out.add(d.toPlainString());
            String stripped = d.stripTrailingZeros().toPlainString();
            if (!stripped.equals(out.get(0))) {
                out.add(stripped);
            }
            return;
        }
        out.add(value.toString());
    }
}

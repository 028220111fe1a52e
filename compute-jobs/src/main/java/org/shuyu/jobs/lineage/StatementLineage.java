package org.shuyu.jobs.lineage;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.InputDataset;
import org.shuyu.lineage.OutputDataset;
import org.shuyu.lineage.StatementKind;

/** What one analysed statement reads and writes, column by column: the content of its START event. */
public record StatementLineage(StatementKind statement, List<InputDataset> inputs, List<OutputDataset> outputs,
        List<ColumnEdge> edges) {
    public StatementLineage {
        requireNonNull(statement, "statement is null");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        edges = List.copyOf(edges);
    }

    /** A statement that moves no data (SET, SHOW, DESCRIBE, a temporary view, ...). */
    static StatementLineage other() {
        return new StatementLineage(StatementKind.OTHER, List.of(), List.of(), List.of());
    }
}

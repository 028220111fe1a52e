package org.shuyu.controller.adapter.atlas;

import java.time.Instant;
import java.util.List;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.InputDataset;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.OutputDataset;
import org.shuyu.lineage.StatementKind;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.WriteMode;

/** A statement of a job in workspace ws-12: {@code CREATE TABLE ws_ws_12.features AS SELECT ... FROM census.persons}. */
final class LineageSamples {
    static final Instant STARTED = Instant.parse("2026-11-27T08:00:00Z");

    private LineageSamples() {}

    static LineageProcess process(String jobId, int step) {
        return new LineageProcess(jobId, step, StatementKind.CREATE_TABLE_AS_SELECT, "ws-12", "grant-3", "org-1", "engineer",
                STARTED, null, LineageProcess.State.RUNNING);
    }

    static LineageEvent start(String jobId, int step) {
        return start(jobId, step, "features");
    }

    static LineageEvent start(String jobId, int step, String table) {
        String output = "ws_ws_12." + table;
        return LineageEvent.start(jobId, step, STARTED.toString(), StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(new InputDataset("census.persons", DatasetKind.SOURCE, List.of("district", "income", "name")),
                        new InputDataset("ws_ws_12.lookup", DatasetKind.TABLE, List.of("district", "region"))),
                List.of(new OutputDataset(output, DatasetKind.TABLE, WriteMode.CREATE, List.of("region", "total", "n"))),
                List.of(new ColumnEdge(new ColumnRef("ws_ws_12.lookup", "region"), new ColumnRef(output, "region"), TransformationKind.IDENTITY),
                        // a grouped key: the same pair by a second kind (issue 19)
                        new ColumnEdge(new ColumnRef("ws_ws_12.lookup", "region"), new ColumnRef(output, "region"), TransformationKind.GROUP_BY),
                        new ColumnEdge(new ColumnRef("census.persons", "income"), new ColumnRef(output, "total"), TransformationKind.AGGREGATION),
                        new ColumnEdge(new ColumnRef("census.persons", "district"), new ColumnRef(output, "total"), TransformationKind.GROUP_BY),
                        new ColumnEdge(new ColumnRef("ws_ws_12.lookup", "district"), new ColumnRef(output, "total"), TransformationKind.JOIN),
                        new ColumnEdge(new ColumnRef("census.persons", "name"), new ColumnRef(output, "n"), TransformationKind.AGGREGATION)));
    }
}

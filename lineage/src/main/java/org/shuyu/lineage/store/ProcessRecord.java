package org.shuyu.lineage.store;

import java.util.List;
import java.util.Objects;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.WriteMode;

/** A stored process with the datasets it read and wrote. */
public record ProcessRecord(LineageProcess process, List<String> inputs, List<Output> outputs) {
    public ProcessRecord {
        Objects.requireNonNull(process, "process is null");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public record Output(String dataset, WriteMode mode) {
        public Output {
            Objects.requireNonNull(dataset, "dataset is null");
            Objects.requireNonNull(mode, "mode is null");
        }
    }
}

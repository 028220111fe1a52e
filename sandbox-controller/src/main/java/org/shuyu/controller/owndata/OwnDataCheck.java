package org.shuyu.controller.owndata;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.catalog.DatasetDataCheck;
import org.shuyu.controller.catalog.SourceData;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/**
 * The automatic checks of an own-data file, record by record while it streams in: the schema check is the catalog's
 * own ({@link DatasetDataCheck}, header and types as the runtime reads them), the row cap is counted here, and every
 * value of a column not declared identifying is matched against {@link IdentifyingPatterns}. A schema or size failure
 * stops the stream (thrown); identifying findings are collected per column (the first pattern found and how many
 * values matched) and judged when the file is complete. Nothing here keeps or reports a value.
 */
final class OwnDataCheck implements SourceData.RecordCheck {
    private final DatasetDataCheck schema;
    private final List<OwnColumn> columns;
    private final long maxRows;
    private final Map<String, Finding> findings = new LinkedHashMap<>();
    private long rows;

    /** An undeclared identifying column: the pattern first found in it and how many values matched a pattern. */
    record Finding(String column, String pattern, long values) {}

    OwnDataCheck(DatasetDataCheck schema, List<OwnColumn> columns, long maxRows) {
        this.schema = requireNonNull(schema, "schema is null");
        this.columns = List.copyOf(columns);
        this.maxRows = maxRows;
    }

    @Override
    public void header(List<String> names) {
        schema.header(names);
    }

    @Override
    public void row(long line, List<String> fields) {
        if (++rows > maxRows) {
            throw new SandboxException(ErrorCode.OWN_DATA_TOO_LARGE, "the file has more than " + maxRows + " rows");
        }
        schema.row(line, fields);
        for (int i = 0; i < columns.size(); i++) {
            OwnColumn column = columns.get(i);
            if (column.identifying()) {
                continue;
            }
            Optional<String> pattern = IdentifyingPatterns.match(fields.get(i));
            if (pattern.isPresent()) {
                Finding before = findings.get(column.name());
                findings.put(column.name(), before == null ? new Finding(column.name(), pattern.get(), 1)
                        : new Finding(column.name(), before.pattern(), before.values() + 1));
            }
        }
    }

    long rows() {
        return rows;
    }

    List<Finding> findings() {
        return new ArrayList<>(findings.values());
    }
}

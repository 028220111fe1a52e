package org.shuyu.controller.adapter.atlas;

import java.util.regex.Pattern;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.LineageProcess;

/**
 * The qualifiedName scheme of the mirror (docs/atlas.md). Every name ends in {@code @<instance>}, so two platform
 * instances can share one Atlas. Dataset names are {@code database.table} of {@code [a-z0-9_]}, so the prefix of a
 * column name is unambiguous whatever characters the column has.
 */
public final class AtlasNames {
    public static final String DATASET = "shuyu_dataset";
    public static final String COLUMN = "shuyu_column";
    public static final String PROCESS = "shuyu_process";
    public static final String COLUMN_LINEAGE = "shuyu_column_lineage";
    private static final Pattern INSTANCE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private final String instance;

    public AtlasNames(String instance) {
        if (instance == null || !INSTANCE.matcher(instance).matches()) {
            throw new IllegalArgumentException("instance name must be [a-z0-9][a-z0-9_-]{0,63}");
        }
        this.instance = instance;
    }

    public String instance() {
        return instance;
    }

    /** {@code ws_12.features@shuyu}. */
    public String dataset(String dataset) {
        return dataset + "@" + instance;
    }

    /** {@code ws_12.features.total@shuyu}. */
    public String column(ColumnRef column) {
        return column.dataset() + "." + column.column() + "@" + instance;
    }

    /** {@code <jobId>#<step>@shuyu}, e.g. {@code job-7f3c#2@shuyu}. */
    public String process(LineageProcess process) {
        return process.id() + "@" + instance;
    }

    /** {@code <process qualifiedName>:<database>.<table>.<column>}. */
    public String columnLineage(LineageProcess process, ColumnRef target) {
        return process(process) + ":" + target.dataset() + "." + target.column();
    }
}

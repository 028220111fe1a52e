package org.shuyu.lineage;

/** A column of a dataset: {@code dataset} is {@code database.table} in lower case, {@code column} a name. */
public record ColumnRef(String dataset, String column) {
    public ColumnRef {
        LineageNames.dataset(dataset);
        LineageNames.column(column);
    }

    @Override
    public String toString() {
        return dataset + "." + column;
    }
}

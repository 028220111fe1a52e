package org.shuyu.lineage;

import java.util.regex.Pattern;

/** Name rules of the lineage model: datasets are {@code database.table}, lower case; columns are identifiers. */
public final class LineageNames {
    private static final Pattern PART = Pattern.compile("[a-z_][a-z0-9_]{0,127}");
    private static final Pattern COLUMN = Pattern.compile("[^\\p{Cntrl}]{1,256}");

    private LineageNames() {}

    public static String dataset(String name) {
        if (name == null) {
            throw new IllegalArgumentException("dataset name is null");
        }
        int dot = name.indexOf('.');
        if (dot < 0 || !PART.matcher(name.substring(0, dot)).matches()
                || !PART.matcher(name.substring(dot + 1)).matches()) {
            throw new IllegalArgumentException("dataset name must be database.table in lower case, got '"
                    + abbreviate(name) + "'");
        }
        return name;
    }

    public static String column(String name) {
        if (name == null || !COLUMN.matcher(name).matches()) {
            throw new IllegalArgumentException("column name must be 1 to 256 printable characters, got '"
                    + abbreviate(String.valueOf(name)) + "'");
        }
        return name;
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}

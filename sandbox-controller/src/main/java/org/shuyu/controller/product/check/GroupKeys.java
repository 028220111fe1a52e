package org.shuyu.controller.product.check;

import java.util.List;

/** The key of a group or class (its dimension values), and how evidence names one. */
final class GroupKeys {
    /** Separates the dimension values of a group key (a control character no value of a name contains). */
    static final String KEY_SEPARATOR = "\u001f";
    /** The most examples of small groups an evidence lists. */
    static final int MAX_EXAMPLES = 5;

    private GroupKeys() {}

    static String key(List<Object> values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(KEY_SEPARATOR);
            }
            Object v = values.get(i);
            b.append(v == null ? "\u2205" : v.toString());
        }
        return b.toString();
    }

    static String printable(String key) {
        return "(" + key.replace(KEY_SEPARATOR, ", ") + ")";
    }
}

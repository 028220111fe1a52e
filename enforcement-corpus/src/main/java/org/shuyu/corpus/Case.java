package org.shuyu.corpus;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One enforcement case: a stable id, a statement, what it must do, and the requirements it proves. The statement
 * may name placeholders the transport binds: {@code ${outside}} (an absolute path outside the workspace that does
 * not exist) and {@code ${db}} (the workspace's database).
 */
public record Case(String id, String sql, Expect expect, Set<String> tags) {
    public static final String OUTSIDE = "outside";
    public static final String DATABASE = "db";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z]+)}");

    public Case {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(expect, "expect");
        tags = Set.copyOf(tags);
    }

    /** The statement with its placeholders bound; an unbound placeholder is an error. */
    public String sql(Map<String, String> bindings) {
        Matcher m = PLACEHOLDER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = bindings.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("case " + id + " needs a binding for ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public String toString() {
        return id + " " + expect;
    }
}

package org.shuyu.lineage;

/**
 * How an output column derives from an input column within one statement. Direct kinds carry the input's values
 * into the output; indirect kinds only influence which rows or groups the output has.
 *
 * <table>
 *   <caption>kinds</caption>
 *   <tr><th>kind</th><th>direct</th><th>example</th></tr>
 *   <tr><td>IDENTITY</td><td>yes</td><td>{@code SELECT name}, {@code UNION} of copies</td></tr>
 *   <tr><td>TRANSFORMATION</td><td>yes</td><td>{@code upper(name)}, {@code CAST}, {@code CASE}, a selecting
 *   aggregate ({@code max(name)}, {@code first}, {@code collect_list}) that returns input values</td></tr>
 *   <tr><td>AGGREGATION</td><td>yes</td><td>{@code sum(amount)}, {@code avg}, {@code count(col)}</td></tr>
 *   <tr><td>MASKED</td><td>yes</td><td>a column the platform's policy masked (hash, partial, null)</td></tr>
 *   <tr><td>FILTER</td><td>no</td><td>{@code WHERE}, {@code HAVING}</td></tr>
 *   <tr><td>JOIN</td><td>no</td><td>join condition</td></tr>
 *   <tr><td>GROUP_BY</td><td>no</td><td>grouping keys</td></tr>
 *   <tr><td>WINDOW</td><td>no</td><td>window partition and order keys</td></tr>
 *   <tr><td>SORT</td><td>no</td><td>{@code ORDER BY}</td></tr>
 *   <tr><td>CONDITIONAL</td><td>no</td><td>the condition of {@code CASE WHEN}, {@code IF}, the tested
 *   arguments of {@code COALESCE}/{@code NVL}/{@code IFNULL}/{@code NULLIF}: it chooses which value the output
 *   has</td></tr>
 * </table>
 *
 * <p>Between the same input and output column a statement may record several kinds (a column both copied and
 * grouped by is IDENTITY and GROUP_BY): the store keeps one edge per (statement, source, target, kind).
 */
public enum TransformationKind {
    IDENTITY(true),
    TRANSFORMATION(true),
    AGGREGATION(true),
    MASKED(true),
    FILTER(false),
    JOIN(false),
    GROUP_BY(false),
    WINDOW(false),
    SORT(false),
    CONDITIONAL(false);

    private final boolean direct;

    TransformationKind(boolean direct) {
        this.direct = direct;
    }

    /** Whether the input's values flow into the output (as opposed to influencing its rows). */
    public boolean direct() {
        return direct;
    }

    /**
     * When one output column reaches one input column through several expressions of a statement, the edge keeps
     * the kind that carries the most of the input: identity over transformation over aggregation over masking,
     * and any direct kind over an indirect one.
     */
    public static TransformationKind strongest(TransformationKind a, TransformationKind b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }
}

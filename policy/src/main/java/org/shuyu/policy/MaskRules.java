package org.shuyu.policy;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * THE one table that decides how a column is masked, by its classification and sensitivity grade (1 = public,
 * 4 = most sensitive). A column with no mask is returned in clear to the workspace members who were granted the
 * dataset.
 *
 * <table>
 *   <caption>Mask by classification and grade ("-" = no mask)</caption>
 *   <tr><th>classification</th><th>grade 1</th><th>grade 2</th><th>grade 3</th><th>grade 4</th></tr>
 *   <tr><td>DIRECT_IDENTIFIER</td><td>-</td><td>-</td><td>HASH</td><td>NULLIFY</td></tr>
 *   <tr><td>QUASI_IDENTIFIER</td><td>-</td><td>-</td><td>HASH</td><td>NULLIFY</td></tr>
 *   <tr><td>CONTACT</td><td>-</td><td>-</td><td>PARTIAL</td><td>NULLIFY</td></tr>
 *   <tr><td>HEALTH_SOCIAL</td><td>-</td><td>-</td><td>-</td><td>NULLIFY</td></tr>
 *   <tr><td>FINANCIAL</td><td>-</td><td>-</td><td>-</td><td>NULLIFY</td></tr>
 *   <tr><td>BUSINESS</td><td>-</td><td>-</td><td>-</td><td>NULLIFY</td></tr>
 *   <tr><td>PUBLIC</td><td>-</td><td>-</td><td>-</td><td>NULLIFY</td></tr>
 * </table>
 *
 * <p>In words: grade 4 is nullified whatever its classification; grade 3 direct and quasi identifiers are hashed
 * (so they still join, but cannot be read); grade 3 contact data keeps its last four characters; everything else
 * is not masked.
 */
public final class MaskRules {
    /** Lowest and highest sensitivity grade. */
    public static final int MIN_GRADE = 1;
    public static final int MAX_GRADE = 4;

    private static final MaskType NONE = null;
    private static final Map<Classification, MaskType[]> TABLE = new EnumMap<>(Classification.class);

    static {
        //                                            grade 1  grade 2  grade 3               grade 4
        row(Classification.DIRECT_IDENTIFIER,         NONE,    NONE,    MaskType.HASH,        MaskType.NULLIFY);
        row(Classification.QUASI_IDENTIFIER,          NONE,    NONE,    MaskType.HASH,        MaskType.NULLIFY);
        row(Classification.CONTACT,                   NONE,    NONE,    MaskType.PARTIAL,     MaskType.NULLIFY);
        row(Classification.HEALTH_SOCIAL,             NONE,    NONE,    NONE,                 MaskType.NULLIFY);
        row(Classification.FINANCIAL,                 NONE,    NONE,    NONE,                 MaskType.NULLIFY);
        row(Classification.BUSINESS,                  NONE,    NONE,    NONE,                 MaskType.NULLIFY);
        row(Classification.PUBLIC,                    NONE,    NONE,    NONE,                 MaskType.NULLIFY);
        for (Classification c : Classification.values()) {
            if (!TABLE.containsKey(c)) {
                throw new ExceptionInInitializerError("MaskRules has no row for " + c);
            }
        }
    }

    private MaskRules() {}

    private static void row(Classification c, MaskType... byGrade) {
        if (byGrade.length != MAX_GRADE - MIN_GRADE + 1 || TABLE.put(c, byGrade) != null) {
            throw new ExceptionInInitializerError("bad MaskRules row for " + c);
        }
    }

    /**
     * The mask for a column of this classification and grade, or empty when the column is shown in clear.
     *
     * @throws PolicyException {@link PolicyErrorCode#INVALID_GRADE} when the grade is outside 1..4
     */
    public static Optional<MaskType> maskFor(Classification c, int grade) {
        if (c == null) {
            throw new NullPointerException("classification is null");
        }
        checkGrade(grade);
        return Optional.ofNullable(TABLE.get(c)[grade - MIN_GRADE]);
    }

    static int checkGrade(int grade) {
        if (grade < MIN_GRADE || grade > MAX_GRADE) {
            throw new PolicyException(PolicyErrorCode.INVALID_GRADE,
                    "grade must be " + MIN_GRADE + ".." + MAX_GRADE + ", was " + grade);
        }
        return grade;
    }
}

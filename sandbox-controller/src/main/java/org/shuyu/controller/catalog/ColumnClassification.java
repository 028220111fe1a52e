package org.shuyu.controller.catalog;

/**
 * What kind of information a column holds (R-07 classification, 分类). Each classification sets the lowest
 * grade a column of that kind may carry; this table is the single place of that rule.
 *
 * <table>
 *   <caption>classification and minimum grade</caption>
 *   <tr><th>classification</th><th>examples</th><th>minimum grade</th></tr>
 *   <tr><td>DIRECT_IDENTIFIER</td><td>resident ID-card number, person name, account number of a household</td><td>3</td></tr>
 *   <tr><td>CONTACT</td><td>phone, e-mail, home address</td><td>3</td></tr>
 *   <tr><td>HEALTH_SOCIAL</td><td>social insurance, medical, welfare records of a person</td><td>3</td></tr>
 *   <tr><td>QUASI_IDENTIFIER</td><td>birth date, district, household utility account</td><td>2</td></tr>
 *   <tr><td>FINANCIAL</td><td>tax amounts, registered capital, wages</td><td>2</td></tr>
 *   <tr><td>BUSINESS</td><td>industry code, period, usage volume</td><td>1</td></tr>
 *   <tr><td>PUBLIC</td><td>enterprise name and USCC already published by law</td><td>1</td></tr>
 * </table>
 */
public enum ColumnClassification {
    /** Identifies a person on its own (ID-card number, name). */
    DIRECT_IDENTIFIER(3),
    /** Reaches a person (phone, e-mail, address). */
    CONTACT(3),
    /** Health, social insurance or welfare information about a person. */
    HEALTH_SOCIAL(3),
    /** Identifies a person only in combination with other columns. */
    QUASI_IDENTIFIER(2),
    /** Money amounts, income, tax, capital. */
    FINANCIAL(2),
    /** Operational or business attributes. */
    BUSINESS(1),
    /** Information already public by law. */
    PUBLIC(1);

    private final int minimumGrade;

    ColumnClassification(int minimumGrade) {
        this.minimumGrade = minimumGrade;
    }

    /**
     * Whether a column of this kind singles out or reaches a person, alone or combined with others (direct identifiers,
     * contact data, quasi-identifiers): the airlock looks for its raw values in every product.
     */
    public boolean identifying() {
        return this == DIRECT_IDENTIFIER || this == CONTACT || this == QUASI_IDENTIFIER;
    }

    /** The lowest grade (1 public .. 4 highly sensitive) a column of this classification may carry. */
    public int minimumGrade() {
        return minimumGrade;
    }
}

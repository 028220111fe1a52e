package org.shuyu.controller.product;

import java.util.List;
import java.util.Optional;

/** Port: the disclosure thresholds by grade and the declared contributions of candidates (V31). */
public interface DisclosureStore {
    /** The stored thresholds of a grade; empty if none is stored (the default applies). */
    Optional<DisclosureRule> rule(int grade);

    void putRule(DisclosureRule rule);

    /** The declarations of a product, by amount column. */
    List<ContributionDeclaration> contributions(String productId);

    /** Inserts or replaces the declaration of one amount column. */
    void putContribution(ContributionDeclaration declaration);

    /** Removes the declaration of one amount column; whether there was one. */
    boolean removeContribution(String productId, String amountColumn);
}

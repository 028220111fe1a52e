package org.shuyu.controller.product.check;

import java.util.List;
import org.shuyu.controller.product.CheckResult;

/**
 * One automatic disclosure check of the airlock (docs/products.md): a verdict on the candidate with a reason and its
 * evidence. A new check is a class behind this interface, added to the list {@link ProductChecks} runs.
 */
public interface ProductCheck {
    /** Which check this is (its place in the order results are shown). */
    CheckResult.Check kind();

    CheckResult check(CheckContext context);

    /** The verdict of a check that needs the table's lineage when there is none: failed, never passed unchecked. */
    default CheckResult notCheckedWithoutLineage() {
        return CheckResult.fail(kind(), "not checked: the table has no lineage", List.of());
    }
}

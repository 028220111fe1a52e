package org.shuyu.controller.product.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.product.CheckResult;
import org.shuyu.controller.product.ProductStore;

/**
 * {@code DIFFERENCING}: no group of an aggregated release differs from the same group of an earlier release of the
 * grant with the same dimensions by 1 to k-1 subjects (together they would isolate fewer than k). A record-level
 * table has no group counts to difference.
 */
public final class DifferencingCheck implements ProductCheck {
    @Override
    public CheckResult.Check kind() {
        return CheckResult.Check.DIFFERENCING;
    }

    @Override
    public CheckResult check(CheckContext context) {
        if (context.upstream().isEmpty()) {
            return notCheckedWithoutLineage();
        }
        if (!context.aggregated()) {
            return CheckResult.pass(kind(),
                    "record-level table (no aggregation upstream): there are no group counts to difference", List.of());
        }
        ProductChecks.Subject subject = context.subject();
        return compare(subject.product().id(), context.groupSizes().aggregation(), subject.releases(), context.k());
    }

    /**
     * Compares a product's aggregation with the grant's releases (at listing again: others may have been listed since
     * its checks ran).
     */
    public static CheckResult compare(String productId, Optional<ProductChecks.Aggregation> aggregation,
            List<ProductStore.Release> releases, int k) {
        CheckResult.Check check = CheckResult.Check.DIFFERENCING;
        if (aggregation.isEmpty()) {
            return CheckResult.fail(check, "not checked: the group sizes could not be read", List.of());
        }
        ProductChecks.Aggregation mine = aggregation.get();
        // No dimension (a grand total, or dimensions not traceable to a grouping key): one group, keyed "", compared with
        // the grant's other releases without dimensions.
        List<String> risks = new ArrayList<>();
        int compared = 0;
        for (ProductStore.Release release : releases) {
            if (release.productId().equals(productId) || !release.dimensions().equals(mine.signature())) {
                continue;
            }
            compared++;
            int threshold = Math.max(k, release.k());
            for (Map.Entry<String, Long> group : mine.groups().entrySet()) {
                Long earlier = release.groups().get(group.getKey());
                if (earlier == null) {
                    continue;
                }
                long difference = Math.abs(group.getValue() - earlier);
                if (difference > 0 && difference < threshold) {
                    if (risks.size() < GroupKeys.MAX_EXAMPLES) {
                        risks.add("group " + GroupKeys.printable(group.getKey()) + ": " + group.getValue() + " here, " + earlier
                                + " in listed product " + release.productId() + " (difference " + difference + " < k="
                                + threshold + ")");
                    } else {
                        break;
                    }
                }
            }
        }
        if (!risks.isEmpty()) {
            return CheckResult.fail(check, "together with an earlier release of the grant, this release would isolate"
                    + " fewer than k subjects", risks);
        }
        return CheckResult.pass(check, compared == 0 ? "no earlier release of the grant has the same dimensions"
                : "compared with " + compared + " earlier release(s) of the same dimensions: no group differs by 1 to k-1",
                List.of());
    }
}

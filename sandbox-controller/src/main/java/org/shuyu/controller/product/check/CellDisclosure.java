package org.shuyu.controller.product.check;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The two cell rules of docs/disclosure.md over one cell's contributions (one non-negative amount per contributor):
 * dominance (n, k) and p%. Pure arithmetic on BigDecimal, so the edges are exact.
 */
public final class CellDisclosure {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private CellDisclosure() {}

    /**
     * Dominance (n, k): whether the {@code n} largest contributions make up more than {@code k} percent of the total,
     * i.e. {@code 100 * (x1 + ... + xn) > k * T}. A cell whose total is zero discloses nothing; k 100 never fires.
     */
    public static boolean dominated(Collection<BigDecimal> contributions, int n, int k) {
        List<BigDecimal> sorted = sorted(contributions);
        BigDecimal total = sum(sorted);
        if (total.signum() == 0) {
            return false;
        }
        BigDecimal top = sum(sorted.subList(0, Math.min(n, sorted.size())));
        return top.multiply(HUNDRED).compareTo(total.multiply(BigDecimal.valueOf(k))) > 0;
    }

    /**
     * p%: whether the total minus the two largest contributions is less than {@code p} percent of the largest, i.e.
     * {@code 100 * (T - x1 - x2) < p * x1}: the second largest contributor, subtracting its own share, would estimate
     * the largest to within p%. A cell of one contributor fails for any p above 0; p 0 never fires.
     */
    public static boolean pPercentDisclosive(Collection<BigDecimal> contributions, int p) {
        List<BigDecimal> sorted = sorted(contributions);
        if (p <= 0 || sorted.isEmpty() || sorted.get(0).signum() == 0) {
            return false;
        }
        BigDecimal rest = sum(sorted.subList(Math.min(2, sorted.size()), sorted.size()));
        return rest.multiply(HUNDRED).compareTo(sorted.get(0).multiply(BigDecimal.valueOf(p))) < 0;
    }

    private static List<BigDecimal> sorted(Collection<BigDecimal> contributions) {
        List<BigDecimal> sorted = new ArrayList<>(contributions);
        for (BigDecimal x : sorted) {
            if (x.signum() < 0) {
                throw new IllegalArgumentException("contributions must not be negative");
            }
        }
        sorted.sort(Comparator.reverseOrder());
        return sorted;
    }

    private static BigDecimal sum(List<BigDecimal> values) {
        BigDecimal total = BigDecimal.ZERO;
        for (BigDecimal v : values) {
            total = total.add(v);
        }
        return total;
    }
}

package org.shuyu.controller.product.check;

import java.math.BigDecimal;
import java.util.Optional;

/** Snapshot values as exact decimals, and when a recomputed total is the same as a cell. */
final class Numbers {
    /** Relative tolerance for floating-point cells (a double sum depends on the order of addition). */
    private static final BigDecimal DOUBLE_TOLERANCE = new BigDecimal("1e-9");

    private Numbers() {}

    static Optional<BigDecimal> decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return Optional.of(d);
        }
        if (value instanceof Long l) {
            return Optional.of(BigDecimal.valueOf(l));
        }
        if (value instanceof Integer i) {
            return Optional.of(BigDecimal.valueOf(i));
        }
        if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            return Optional.of(BigDecimal.valueOf(((Number) value).doubleValue()));
        }
        return Optional.empty();
    }

    /** Exactly equal, or (for a floating-point cell) within a relative 1e-9. */
    static boolean same(BigDecimal cell, BigDecimal total, boolean floating) {
        if (cell.compareTo(total) == 0) {
            return true;
        }
        if (!floating) {
            return false;
        }
        BigDecimal scale = cell.abs().max(total.abs()).max(BigDecimal.ONE);
        return cell.subtract(total).abs().compareTo(scale.multiply(DOUBLE_TOLERANCE)) <= 0;
    }
}

package org.shuyu.controller.product.check;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.shuyu.controller.config.ProductProperties;
import org.shuyu.controller.product.CheckResult;
import org.shuyu.controller.product.SnapshotStore;

/** {@code SIZE_BOUNDS}: the snapshot is not empty, and its rows and bytes are within the configured bounds. */
final class SizeBoundsCheck implements ProductCheck {
    private final ProductProperties settings;

    SizeBoundsCheck(ProductProperties settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    @Override
    public CheckResult.Check kind() {
        return CheckResult.Check.SIZE_BOUNDS;
    }

    @Override
    public CheckResult check(CheckContext context) {
        CheckResult.Check check = kind();
        SnapshotStore.SnapshotInfo info = context.info();
        List<String> problems = new ArrayList<>();
        if (info.rows() < 1) {
            problems.add("the snapshot is empty");
        }
        if (info.rows() > settings.maxRows()) {
            problems.add(info.rows() + " rows exceed the bound of " + settings.maxRows());
        }
        if (info.bytes() > settings.maxBytes()) {
            problems.add(info.bytes() + " bytes exceed the bound of " + settings.maxBytes());
        }
        if (!problems.isEmpty()) {
            return CheckResult.fail(check, String.join("; ", problems), problems);
        }
        return CheckResult.pass(check, info.rows() + " rows, " + info.bytes() + " bytes (bounds " + settings.maxRows()
                + " rows, " + settings.maxBytes() + " bytes)", List.of());
    }
}

package org.shuyu.controller.personnel;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The four things a person of an operator needs before using the platform. Each is recorded with the
 * date it was completed and a reference to its evidence.
 */
public enum VettingItem {
    PRE_JOB_TRAINING("pre-job training"),
    REAL_NAME_AUTHENTICATION("real-name authentication"),
    FILING_AND_VETTING("filing and vetting"),
    CONFIDENTIALITY_AGREEMENT("signed confidentiality agreement");

    private final String label;

    VettingItem(String label) {
        this.label = label;
    }

    /** How a refusal names the item to a person. */
    public String label() {
        return label;
    }

    /** "pre-job training, signed confidentiality agreement" */
    public static String labels(List<VettingItem> items) {
        return items.stream().map(VettingItem::label).collect(Collectors.joining(", "));
    }

    public static Optional<VettingItem> parse(String name) {
        return Arrays.stream(values()).filter(item -> item.name().equals(name)).findFirst();
    }
}

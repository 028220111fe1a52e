package org.shuyu.policy;

/** A masking transformation, named as the {@code shuyu-spark} service definition's data mask types. */
public enum MaskType {
    /** {@code MASK_HASH}: a salted hash replaces the value (the salt is a runtime secret). */
    HASH("MASK_HASH"),
    /** {@code MASK_SHOW_LAST_4}: only the last four characters stay visible. */
    PARTIAL("MASK_SHOW_LAST_4"),
    /** {@code MASK_NULL}: the value becomes NULL. */
    NULLIFY("MASK_NULL");

    private final String rangerName;

    MaskType(String rangerName) {
        this.rangerName = rangerName;
    }

    /** The Ranger {@code dataMaskType} name, as declared in the service definition's {@code maskTypes}. */
    public String rangerName() {
        return rangerName;
    }
}

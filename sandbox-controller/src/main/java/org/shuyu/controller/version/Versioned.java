package org.shuyu.controller.version;

/**
 * The life-cycle objects whose representation carries a revision (the API's ETag): every change of the object, or of a
 * sub-object shown in it, adds one to the revision in the same transaction.
 */
public enum Versioned {
    LAB("lab"),
    APPLICATION("application"),
    GRANT("grant"),
    PRODUCT("product");

    private final String noun;

    Versioned(String noun) {
        this.noun = noun;
    }

    /** The word used in messages ("grant g-1 changed since ..."). */
    public String noun() {
        return noun;
    }
}

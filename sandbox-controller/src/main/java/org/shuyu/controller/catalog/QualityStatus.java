package org.shuyu.controller.catalog;

/** The quality status a dataset carries in the catalog (R-07; quality requests of R-20 change it). */
public enum QualityStatus {
    /** Not yet assessed. */
    UNASSESSED,
    /** Checked by its provider and found fit for use. */
    VERIFIED,
    /** A quality request against the dataset is open. */
    ISSUES_REPORTED
}

package org.shuyu.controller.quality;

/** What a quality request is about: one column of the dataset, a description of rows, or a rule the data breaks. */
public enum TargetKind {
    COLUMN,
    ROWS,
    RULE
}

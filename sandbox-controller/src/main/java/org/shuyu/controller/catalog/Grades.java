package org.shuyu.controller.catalog;

/** Sensitivity grades (R-07 grading, 分级): 1 public, 2 internal, 3 sensitive, 4 highly sensitive. */
public final class Grades {
    public static final int PUBLIC = 1;
    public static final int INTERNAL = 2;
    public static final int SENSITIVE = 3;
    public static final int HIGHLY_SENSITIVE = 4;

    private Grades() {}

    public static boolean isValid(int grade) {
        return grade >= PUBLIC && grade <= HIGHLY_SENSITIVE;
    }
}

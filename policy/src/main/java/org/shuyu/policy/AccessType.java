package org.shuyu.policy;

/** The access types of the {@code shuyu-spark} service definition. */
public enum AccessType {
    /** Read rows of a table (database/table/column). */
    SELECT("select"),
    /** Insert into or overwrite a table's data. */
    UPDATE("update"),
    /** Create a database or table. */
    CREATE("create"),
    /** Drop a database or table. */
    DROP("drop"),
    /** Alter a database, table or column. */
    ALTER("alter"),
    /** Read files under a url. */
    READ("read"),
    /** Write files under a url. */
    WRITE("write");

    private final String rangerName;

    AccessType(String rangerName) {
        this.rangerName = rangerName;
    }

    /** The Ranger access type name, as in the service definition and in a Ranger access request. */
    public String rangerName() {
        return rangerName;
    }

    /** Whether this access applies to url resources (files) rather than database/table/column. */
    public boolean isFileAccess() {
        return this == READ || this == WRITE;
    }
}

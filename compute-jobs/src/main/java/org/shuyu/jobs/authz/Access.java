package org.shuyu.jobs.authz;

/** The access types of the {@code shuyu-spark} service definition, as this runtime asks for them. */
public enum Access {
    SELECT("select"),
    UPDATE("update"),
    CREATE("create"),
    DROP("drop"),
    ALTER("alter"),
    READ("read"),
    WRITE("write");

    private final String rangerName;

    Access(String rangerName) {
        this.rangerName = rangerName;
    }

    public String rangerName() {
        return rangerName;
    }

    /** Whether this access applies to url resources (files) rather than database/table/column. */
    public boolean isFileAccess() {
        return this == READ || this == WRITE;
    }
}

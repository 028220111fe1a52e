package org.shuyu.lineage;

/** What a statement does to an output dataset. */
public enum WriteMode {
    /** Creates it ({@code CREATE TABLE ... AS SELECT}, {@code CREATE VIEW}); a new version of the name. */
    CREATE,
    /** Replaces its content ({@code CREATE OR REPLACE}, {@code INSERT OVERWRITE}); a new version of the name. */
    OVERWRITE,
    /** Adds rows ({@code INSERT INTO}): the old content stays and keeps its lineage. */
    APPEND,
    /** Drops it. */
    DROP
}

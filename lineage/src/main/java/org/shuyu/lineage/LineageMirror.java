package org.shuyu.lineage;

/**
 * Port: an external record of lineage (Apache Atlas) that the controller's store is mirrored to. Both calls run
 * inside the transaction that stores the lineage, so an implementation only enqueues (durably, in the same
 * database) and delivers later: an unreachable mirror delays delivery and never loses or blocks a record.
 */
public interface LineageMirror {
    /** A statement's lineage was stored ({@code start} is its START event). */
    void started(LineageProcess process, LineageEvent start);

    /** The statement ended ({@code process.state()} is COMPLETED or FAILED). */
    void ended(LineageProcess process);

    /** A mirror that records nothing (Atlas not configured). */
    LineageMirror NONE = new LineageMirror() {
        @Override
        public void started(LineageProcess process, LineageEvent start) {}

        @Override
        public void ended(LineageProcess process) {}
    };
}

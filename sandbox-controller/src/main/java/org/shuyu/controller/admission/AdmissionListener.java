package org.shuyu.controller.admission;

/**
 * Hook for whoever waits for capacity in the background (helper "engines" starts a queued workspace's engine when
 * its request is admitted). Called after the admission is stored, outside {@link Admission}'s lock, on the thread that
 * released capacity or changed a quota; an exception of a listener is logged and does not undo the admission (the
 * listener must release the ticket if it cannot use it).
 */
public interface AdmissionListener {
    /** A queued request ({@link Ticket#requestId()}) was admitted. Not called for requests admitted at once. */
    void admitted(Ticket ticket);

    /** A queued request left the queue without being admitted: cancelled, or it can no longer ever fit its quota. */
    default void dropped(String requestId, String workspaceId, String code) {}
}

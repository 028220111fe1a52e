package org.shuyu.controller.product;

/** What happens to a product in the airlock; {@link ProductLifecycle} says in which states each is accepted. */
public enum ProductEvent {
    /** The author freezes the draft: it is snapshotted and checked next. */
    SUBMIT,
    /** The snapshot job froze the table. */
    SNAPSHOT_TAKEN,
    /** Every automatic check passed: the product waits for its expert reviews. */
    CHECKS_PASSED,
    /** An automatic check failed. */
    CHECKS_FAILED,
    /** One expert's review that decides nothing yet (a first approval). */
    REVIEW,
    /** The second independent expert approves. */
    APPROVE,
    /** An expert rejects it. */
    REJECT,
    /** An expert returns it for revision, with comments: the operator may resubmit it. */
    RETURN,
    /** The operator resubmits a returned product as its next revision: frozen, checked and reviewed again. */
    RESUBMIT,
    /** Its grant's people or the operator's accountable person take it back before approval. */
    WITHDRAW,
    /** The data authority lists it: delivery may start. */
    LIST,
    /** The authority or the operator's accountable person delists it: delivery stops. */
    DELIST,
    /** The snapshot could not be taken, or the pipeline failed with an internal error. */
    FAIL
}

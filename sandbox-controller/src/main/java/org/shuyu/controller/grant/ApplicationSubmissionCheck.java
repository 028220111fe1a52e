package org.shuyu.controller.grant;

/**
 * Port: a condition another feature puts on submitting a formal application, checked after the life-cycle table allows
 * the submission and before anything changes. The annual reports implement it: an organization whose annual
 * evaluation failed applies again only with a justification.
 */
public interface ApplicationSubmissionCheck {
    /** Throws a {@code SandboxException} when {@code application} may not be submitted as it stands. */
    void check(Application application);
}

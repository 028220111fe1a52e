package org.shuyu.controller.grant;

/** The five materials a formal application needs before it can be submitted. */
public enum MaterialKind {
    APPLICATION_FORM,
    /** Last year's third-party audit and financial reports (to last month for companies younger than a year). */
    AUDIT_AND_FINANCIAL_REPORTS,
    DATA_SECURITY_COMMITMENT,
    SECURITY_RISK_SELF_ASSESSMENT,
    /** Issued by the platform when the lab completes; attached automatically, never uploaded. */
    LAB_EVALUATION_REPORT
}

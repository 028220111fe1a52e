package org.shuyu.controller.grant;

/** The four points every expert and sector review must give an opinion on. */
public enum ReviewPoint {
    APPLICANT,
    PRODUCT_FEASIBILITY_AND_COMPLIANCE,
    DATA_SECURITY_AND_PERSONAL_INFORMATION,
    EMERGENCY_PLAN
}

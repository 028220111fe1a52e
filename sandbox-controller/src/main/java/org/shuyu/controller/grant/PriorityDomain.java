package org.shuyu.controller.grant;

/** The priority domains a grant records. */
public enum PriorityDomain { LIVELIHOOD, SOCIAL_NEED, INDUSTRY_VALUE, STRATEGIC_INDUSTRY }

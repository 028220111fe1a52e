package org.shuyu.controller.catalog;

/**
 * The priority domains of authorized operation (R-04, Article 4), stated by calls for applications
 * and recorded on grants. Shared by announcements, applications and grants.
 */
public enum PriorityDomain {
    /** People's livelihood (民生). */
    LIVELIHOOD,
    /** Social need / public governance (社会需求). */
    SOCIAL_NEED,
    /** High industrial value (产业价值). */
    INDUSTRY_VALUE,
    /** Strategic emerging industries (战略性新兴产业). */
    STRATEGIC_INDUSTRY
}

package org.shuyu.controller.organization;

import org.shuyu.controller.support.TwoConnections;

/** {@link OrganizationTest} again on a pool of two connections: a nested connection acquisition fails it within seconds. */
@TwoConnections
class OrganizationOnTwoConnectionsTest extends OrganizationTest {}

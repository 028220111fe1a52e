package org.shuyu.controller.personnel;

import org.shuyu.controller.support.TwoConnections;

/** {@link PersonnelVettingTest} again on a pool of two connections: a nested connection acquisition fails it within seconds. */
@TwoConnections
class PersonnelVettingOnTwoConnectionsTest extends PersonnelVettingTest {}

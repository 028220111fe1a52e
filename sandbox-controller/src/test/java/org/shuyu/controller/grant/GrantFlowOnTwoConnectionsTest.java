package org.shuyu.controller.grant;

import org.shuyu.controller.support.TwoConnections;

/** {@link GrantFlowTest} again on a pool of two connections: a nested connection acquisition fails it within seconds. */
@TwoConnections
class GrantFlowOnTwoConnectionsTest extends GrantFlowTest {}

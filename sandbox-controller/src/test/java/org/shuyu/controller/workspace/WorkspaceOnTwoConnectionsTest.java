package org.shuyu.controller.workspace;

import org.shuyu.controller.support.TwoConnections;

/** {@link WorkspaceTest} again on a pool of two connections: a nested connection acquisition fails it within seconds. */
@TwoConnections
class WorkspaceOnTwoConnectionsTest extends WorkspaceTest {}

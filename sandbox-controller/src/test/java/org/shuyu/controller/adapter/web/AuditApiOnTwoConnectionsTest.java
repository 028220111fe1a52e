package org.shuyu.controller.adapter.web;

import org.shuyu.controller.support.TwoConnections;

/** {@link AuditApiTest} again on a pool of two connections: a nested connection acquisition fails it within seconds. */
@TwoConnections
class AuditApiOnTwoConnectionsTest extends AuditApiTest {}

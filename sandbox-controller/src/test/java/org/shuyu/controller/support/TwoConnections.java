package org.shuyu.controller.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * The platform on a pool of two database connections that waits at most three seconds for one (issue 14). A code
 * path that holds a connection while it waits for another one (a row mapper that queries, an audit append on a second
 * connection inside a request's transaction) then fails its request within seconds instead of passing: two concurrent
 * such requests hold the whole pool. Classes carrying it share one application context of their own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@TestPropertySource(properties = {
    "spring.datasource.hikari.maximum-pool-size=2",
    "spring.datasource.hikari.minimum-idle=2",
    "spring.datasource.hikari.connection-timeout=3000",
})
public @interface TwoConnections {}

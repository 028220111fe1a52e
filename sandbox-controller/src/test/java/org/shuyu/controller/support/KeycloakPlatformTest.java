package org.shuyu.controller.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole controller on a random port in production mode, against this run's real Keycloak realm and its own
 * PostgreSQL database. Every class carrying it shares one application context and the one Keycloak server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = KeycloakInitializer.class)
@Import(TestClockConfiguration.class)
public @interface KeycloakPlatformTest {}

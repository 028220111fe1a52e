package org.shuyu.controller.adapter.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler that creates a resource: its successful answer carries {@code Location} with the URL of what it
 * created ({@link CreatedLocation} sets it, {@link CreatedResponses} documents it). The handler keeps choosing its
 * status (201, or 202 when the work goes on asynchronously).
 *
 * <p>The {@link #value()} is a path template: {@code {name}} is the request's path variable of that name,
 * {@code {body.name}} the property of the response body (a record component), for example
 * {@code /api/v1/grants/{id}/members} or {@code /api/v1/jobs/{body.id}}. Every value is encoded as a path segment.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Created {
    /** The path template of the created resource's URL (relative to the server). */
    String value();

    /**
     * Set when the created thing has no URL of its own: a sentence for the document saying what {@code Location}
     * points at instead (its parent or the list that holds it).
     */
    String note() default "";

    /** The success statuses the handler answers (documented with {@code Location}); 202 when work continues. */
    int[] statuses() default {201};
}

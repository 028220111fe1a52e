package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every operation that answers 201 with the new object's URL ({@link Created}) accepts an Idempotency-Key: a client that
 * retries a creation after a lost answer gets the first object, not a second one. A new creation left out of
 * {@link CreationRoutes} fails here, naming it.
 */
@PlatformTest
class CreationRoutesTest {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    @Test
    void everyCreatedOperationIsACreationRoute() {
        List<String> created = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : handlerMapping.getHandlerMethods().entrySet()) {
            if (!entry.getValue().hasMethodAnnotation(Created.class)) {
                continue;
            }
            for (String template : entry.getKey().getPatternValues()) {
                created.add(template);
                if (!CreationRoutes.isCreationTemplate("POST", template)) {
                    missing.add(template);
                }
            }
        }
        assertThat(created).as("the @Created operations found").hasSizeGreaterThanOrEqualTo(CreationRoutes.TEMPLATES.size());
        assertThat(missing).as("@Created operations without an Idempotency-Key (add them to CreationRoutes)").isEmpty();
    }
}

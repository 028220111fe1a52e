package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents the answers of {@link Created} handlers: each of its statuses (201 Created, 202 Accepted) with the
 * response body springdoc found and the {@code Location} header; the generated 200 goes away.
 */
@Component
class CreatedResponses implements OperationCustomizer {
    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        Created created = handlerMethod.getMethodAnnotation(Created.class);
        if (created == null || operation.getResponses() == null) {
            return operation;
        }
        ApiResponses responses = operation.getResponses();
        ApiResponse found = null;
        for (Map.Entry<String, ApiResponse> e : Map.copyOf(responses).entrySet()) {
            if (e.getKey().startsWith("2")) {
                found = e.getValue();
                responses.remove(e.getKey());
            }
        }
        String where = created.note().isEmpty() ? "The URL of the created resource." : created.note();
        for (int status : created.statuses()) {
            ApiResponse response = new ApiResponse()
                    .description(status == 202 ? "Accepted: the work goes on; Location is where to follow it" : "Created")
                    .content(found == null ? null : found.getContent())
                    .addHeaderObject("Location", new Header().description(where).schema(new StringSchema()));
            responses.addApiResponse(Integer.toString(status), response);
        }
        return operation;
    }
}

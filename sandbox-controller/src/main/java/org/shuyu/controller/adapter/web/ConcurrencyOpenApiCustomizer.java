package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Documents pages, versions and retries in the served OpenAPI document: {@code limit} and {@code pageToken} and the
 * {@code Link} header on every list operation; the {@code ETag} header on the GET and the changes of labs,
 * applications, grants and products, with {@code If-Match} and 412 on the changes; {@code Idempotency-Key} with 409
 * and 422 on creations. Parameters are appended after the handler's own (where a handler already has {@code limit} it
 * stays in its place), If-Match before Idempotency-Key, matching {@code api/openapi.yaml}. Runs last, so the error
 * responses and the {@code Problem} schema of the contract's customizer are already there; a missing {@code Problem}
 * schema is defined minimally.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class ConcurrencyOpenApiCustomizer implements OpenApiCustomizer {
    static final String PROBLEM = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        boolean problems = false;
        for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().readOperationsMap().entrySet()) {
                problems |= customise(openApi, op.getKey().name(), path.getKey(), op.getValue());
            }
        }
        if (problems) {
            ensureProblemSchema(openApi);
        }
    }

    /** Returns whether the operation references the Problem schema. */
    private static boolean customise(OpenAPI openApi, String method, String path, Operation op) {
        if (!path.startsWith("/api/v1/")) {
            return false;
        }
        boolean problems = false;
        if ("GET".equals(method) && returnsArray(op)) {
            paginate(openApi, op);
            problems = true;
        }
        if (LifecycleTargets.readsObject(method, path)) {
            etagOnSuccess(op, "The object's revision; send it back in If-Match to change the object safely.");
        }
        if (LifecycleTargets.changesObject(method, path)) {
            addParameter(op, new HeaderParameter().name("If-Match").required(false)
                    .description("The ETag read before the change; 412 PRECONDITION_FAILED if the object changed since.")
                    .schema(new StringSchema()));
            etagOnSuccess(op, "The object's revision after the change.");
            problem(openApi, op, "412", "Precondition failed: PRECONDITION_FAILED (the object changed since the If-Match ETag was "
                    + "read; nothing was changed; the ETag header and the problem's etag field name its current revision).");
            problems = true;
        }
        if (CreationRoutes.isCreationTemplate(method, path)) {
            addParameter(op, new HeaderParameter().name(IdempotencyFilter.HEADER).required(false)
                    .description("Retries with the same key return the first result (24 h).")
                    .schema(new StringSchema().maxLength(255)));
            problem(openApi, op, "409", "Conflict: IDEMPOTENCY_KEY_IN_USE (the first request with this Idempotency-Key is still running).");
            problem(openApi, op, "422", "Unprocessable: IDEMPOTENCY_KEY_REUSED (the Idempotency-Key was used for another request).");
            success(op).forEach((status, response) -> header(response, IdempotencyFilter.REPLAYED, new Header()
                    .description("true when this answer is the stored first result of the same Idempotency-Key.")
                    .schema(new StringSchema())));
            problems = true;
        }
        return problems;
    }

    private static boolean returnsArray(Operation op) {
        ApiResponse ok = op.getResponses() == null ? null : op.getResponses().get("200");
        if (ok == null || ok.getContent() == null) {
            return false;
        }
        return ok.getContent().values().stream().map(MediaType::getSchema)
                .anyMatch(s -> s != null && ("array".equals(s.getType()) || (s.getTypes() != null && s.getTypes().contains("array"))));
    }

    private static void paginate(OpenAPI openApi, Operation op) {
        Parameter limit = op.getParameters() == null ? null : op.getParameters().stream()
                .filter(p -> "limit".equals(p.getName()) && "query".equals(p.getIn())).findFirst().orElse(null);
        if (limit == null) {
            limit = new QueryParameter().name("limit").required(false).schema(new IntegerSchema()._default(PageRequest.DEFAULT_LIMIT));
            addParameter(op, limit);
        }
        limit.description("How many items at most on this page (1 to " + PageRequest.MAX_LIMIT + "); 400 INVALID_PAGE otherwise.");
        if (limit.getSchema() != null) {
            limit.getSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(PageRequest.MAX_LIMIT));
        }
        addParameter(op, new QueryParameter().name(PagingInterceptor.PAGE_TOKEN).required(false)
                .description("Opaque token of the next page, from the previous page's Link rel=\"next\" header.")
                .schema(new StringSchema()));
        header(op.getResponses().get("200"), "Link", new Header()
                .description("<URL of the next page>; rel=\"next\" when more items follow (the same URL with pageToken).")
                .schema(new StringSchema()));
        problem(openApi, op, "400", "Bad request: INVALID_PAGE (limit outside 1 to " + PageRequest.MAX_LIMIT
                + ", or a page token that is malformed or of another list).");
    }

    private static void addParameter(Operation op, Parameter parameter) {
        if (op.getParameters() == null) {
            op.setParameters(new ArrayList<>());
        }
        boolean present = op.getParameters().stream()
                .anyMatch(p -> parameter.getName().equalsIgnoreCase(p.getName()) && parameter.getIn().equals(p.getIn()));
        if (!present) {
            op.addParametersItem(parameter);
        }
    }

    private static Map<String, ApiResponse> success(Operation op) {
        Map<String, ApiResponse> out = new TreeMap<>();
        if (op.getResponses() != null) {
            op.getResponses().forEach((status, response) -> {
                if (status.startsWith("2")) {
                    out.put(status, response);
                }
            });
        }
        return out;
    }

    private static void etagOnSuccess(Operation op, String description) {
        success(op).values().forEach(r -> header(r, "ETag", new Header()
                .description(description + " A strong entity tag: the revision in double quotes.")
                .schema(new StringSchema())));
    }

    private static void header(ApiResponse response, String name, Header header) {
        if (response != null && (response.getHeaders() == null || !response.getHeaders().containsKey(name))) {
            response.addHeaderObject(name, header);
        }
    }

    /**
     * The shared problem response of the status ({@link ProblemResponses}: its description lists every code of that
     * status from the ErrorCode enum, this customizer's codes included). {@code why} says, for the reader of this class,
     * which of those codes this customizer's feature answers.
     */
    private static void problem(OpenAPI openApi, Operation op, String status, String why) {
        ProblemResponses.add(openApi, op, Integer.parseInt(status));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void ensureProblemSchema(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.components(new Components());
        }
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas != null && schemas.containsKey(PROBLEM)) {
            return;
        }
        openApi.getComponents().addSchemas(PROBLEM, new ObjectSchema()
                .description("An RFC 9457 problem with the platform's stable code.")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema())
                .addProperty("number", new IntegerSchema())
                .addProperty("etag", new StringSchema().description("412 only: the object's current ETag.")));
    }
}
